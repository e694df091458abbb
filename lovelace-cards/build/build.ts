import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundleOptions, OUT_FILE } from './options';

/** Writes `dist/centinela-cards.js` and prints its size. */
async function main(): Promise<void> {
  await build(bundleOptions({ outfile: OUT_FILE, write: true, logLevel: 'warning' }));
  const bytes = statSync(OUT_FILE).size;
  const gzipBytes = gzipSync(readFileSync(OUT_FILE)).length;
  console.log(`${OUT_FILE}: ${bytes} bytes, ${gzipBytes} bytes gzipped`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
