import { gzipSync } from 'node:zlib';
import { bundleToMemory } from '../build/options';

export interface BundleSize {
  /** Size of the minified ES module. */
  bytes: number;
  /** Size after gzip at the default level, close to what HACS serves from its `.gz` copy. */
  gzipBytes: number;
}

/** Builds the cards bundle in memory with the release options and measures it. */
export async function measureBundle(): Promise<BundleSize> {
  const bundle = await bundleToMemory();
  return { bytes: bundle.byteLength, gzipBytes: gzipSync(bundle).byteLength };
}
