import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const ENTRY_POINT = fileURLToPath(new URL('../src/index.ts', import.meta.url));
export const OUT_FILE = fileURLToPath(new URL('../dist/centinela-cards.js', import.meta.url));

/**
 * One minified ES module with Lit inside and no code splitting, because HACS installs a
 * single file and Home Assistant loads it as a `type: module` resource.
 */
export function bundleOptions(overrides: BuildOptions = {}): BuildOptions {
  return {
    entryPoints: [ENTRY_POINT],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    splitting: false,
    legalComments: 'eof',
    logLevel: 'silent',
    // Lit's decorators in this package are TypeScript's legacy decorators on accessors.
    tsconfigRaw: {
      compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false },
    },
    ...overrides,
  };
}

/** Builds the bundle in memory and returns its bytes, for tests and benchmarks. */
export async function bundleToMemory(): Promise<Uint8Array> {
  const result = await build(bundleOptions({ write: false, outfile: OUT_FILE }));
  const output = result.outputFiles?.[0];
  if (output === undefined) throw new Error('esbuild produced no output file for the cards bundle');
  return output.contents;
}
