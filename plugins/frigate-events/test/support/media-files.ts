import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleScenes, writeSyntheticClip } from '@centinela/frigate-simulator';

// Smallest valid-looking headers: JPEG SOI ... EOI, and a RIFF/WEBP container.
export const JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  randomBytes(2000),
  Buffer.from([0xff, 0xd9]),
]);
export const WEBP_BYTES = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0x00, 0x00, 0x00]),
  Buffer.from('WEBPVP8 '),
  randomBytes(500),
]);

/** Files the simulator serves as an event's media, in a temporary folder. */
export interface MediaFolder {
  path: string;
  /** Write `bytes` to a file in the folder and return its path. */
  file(name: string, bytes: Buffer): string;
  /** An H.264 clip rendered by the simulator's synthetic scene with ffmpeg. */
  syntheticClip(): Promise<string>;
  /** A sparse file of `bytes` zero bytes: large on paper, nothing on disk. */
  sparseFile(name: string, bytes: number): string;
  remove(): void;
}

export function mediaFolder(): MediaFolder {
  const path = mkdtempSync(join(tmpdir(), 'frigate-events-media-'));
  return {
    path,
    file(name, bytes) {
      const target = join(path, name);
      writeFileSync(target, bytes);
      return target;
    },
    async syntheticClip() {
      // The shortest sample scene is enough; the proxy does not look inside the MP4.
      const scene = { ...sampleScenes[0]!, durationSeconds: 4, actors: [] };
      return writeSyntheticClip(scene, path, { sidecar: false });
    },
    sparseFile(name, bytes) {
      const target = join(path, name);
      execFileSync('truncate', ['-s', String(bytes), target]);
      return target;
    },
    remove() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}
