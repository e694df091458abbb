// Builds the web portal: one minified ES module bundle plus index.html in core/portal/dist/.
// Usage: node scripts/build-portal.mjs [output folder]
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const portalDir = join(root, 'core', 'portal');

/** Default output folder, served by the core at `/`. */
export const PORTAL_DIST = join(portalDir, 'dist');

/**
 * Bundles `core/portal/src/main.ts` with its dependencies (Lit, the Lovelace cards) into
 * `<outDir>/main.js` and copies `index.html` beside it. The bundle loads nothing from other
 * hosts: no CDN scripts and no web fonts.
 */
export async function buildPortal(outDir = PORTAL_DIST) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(portalDir, 'src', 'main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // The root tsconfig turns on legacy decorators, which Lit's `@property` and `@state` need.
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning',
    metafile: true,
  });
  await copyFile(join(portalDir, 'index.html'), join(outDir, 'index.html'));
  const bytes = Object.values(result.metafile.outputs).reduce(
    (sum, output) => sum + output.bytes,
    0,
  );
  return { outDir, bytes };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] === undefined ? PORTAL_DIST : resolve(process.argv[2]);
  const { outDir, bytes } = await buildPortal(target);
  process.stdout.write(
    `Portal built in ${outDir} (${Math.round(bytes / 1024)} KiB of JavaScript)\n`,
  );
}
