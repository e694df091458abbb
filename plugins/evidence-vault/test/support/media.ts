import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sampleScenes, writeSyntheticClip } from '@centinela/frigate-simulator';

export interface TestMedia {
  /** The simulator's 18 s synthetic scene `entrada` (640x360 H.264, about 16 kB). */
  clip: string;
  /** One frame of that clip as a JPEG. */
  snapshot: string;
}

/** Renders the test clip with the simulator's synthetic scenes and takes a still from it. */
export async function makeTestMedia(dir: string): Promise<TestMedia> {
  const clip = await writeSyntheticClip(sampleScenes[0]!, dir, { sidecar: false });
  const snapshot = join(dir, 'snapshot.jpg');
  const result = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-ss',
      '4',
      '-i',
      clip,
      '-frames:v',
      '1',
      snapshot,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`ffmpeg failed to take a still: ${result.stderr}`);
  return { clip, snapshot };
}

/** Returns the hash that the `sha256sum` program prints for a file. */
export function sha256sum(path: string): string {
  const result = spawnSync('sha256sum', [path], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sha256sum failed: ${result.stderr}`);
  return result.stdout.split(' ')[0]!;
}
