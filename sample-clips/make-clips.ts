/**
 * Render the demo clips of this folder with ffmpeg: one synthetic scene per camera, each an
 * H.264 MP4 with its `<camera>.timeline.json` sidecar that lists where the actors are.
 *
 *   npx tsx sample-clips/make-clips.ts [output folder]
 *
 * The output folder defaults to this script's folder. Existing files of the same name are
 * replaced; other clips in the folder are left alone.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { checkFfmpeg, sampleScenes, writeSyntheticClip } from '@centinela/frigate-simulator';

async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));
  await checkFfmpeg();
  await mkdir(folder, { recursive: true });
  for (const scene of sampleScenes) {
    const clip = await writeSyntheticClip(scene, folder);
    process.stdout.write(
      `wrote ${clip} (${scene.durationSeconds} s, ${scene.width}x${scene.height})\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
