import { join } from 'node:path';

import { resolveBinaries } from '../../src/ffmpeg/binaries';
import { probeVideo, runFfmpeg } from '../../src/ffmpeg/run';
import { writeSyntheticClip, type SyntheticScene } from '../../src/synthetic-clips';

export const binaries = resolveBinaries();

export interface TestMedia {
  clipPath: string;
  snapshotPath: string;
  thumbnailPath: string;
}

/**
 * Make a 3-second H.264 clip, a JPEG snapshot and a WebP thumbnail made with ffmpeg's test
 * pattern, for events injected with `addEvent`.
 */
export async function makeTestMedia(folder: string): Promise<TestMedia> {
  const media: TestMedia = {
    clipPath: join(folder, 'clip.mp4'),
    snapshotPath: join(folder, 'snapshot.jpg'),
    thumbnailPath: join(folder, 'thumbnail.webp'),
  };
  await runFfmpeg(binaries, [
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x180:rate=10:duration=3',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-movflags',
    '+faststart',
    media.clipPath,
  ]);
  await runFfmpeg(binaries, [
    '-i',
    media.clipPath,
    '-frames:v',
    '1',
    '-update',
    '1',
    media.snapshotPath,
  ]);
  await runFfmpeg(binaries, ['-i', media.snapshotPath, '-vf', 'scale=-2:175', media.thumbnailPath]);
  return media;
}

/** Duration and size of a video file or URL, read with ffprobe. */
export function probe(pathOrUrl: string) {
  return probeVideo(binaries, pathOrUrl);
}

export function isJpeg(bytes: Buffer): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export function isWebp(bytes: Buffer): boolean {
  return (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  );
}

/**
 * Describe a short scene for replay tests: one person crosses the frame from 0.5 s to 3.5 s of a 6 s
 * clip, so a whole object life and the clip's only recording segment fit in 7 seconds.
 */
export function quickScene(name: string): SyntheticScene {
  return {
    name,
    width: 320,
    height: 180,
    fps: 10,
    durationSeconds: 6,
    background: '0x3a4250',
    scenery: [{ x: 0, y: 140, width: 320, height: 40, colour: '0x55595f' }],
    actors: [
      {
        label: 'person',
        colour: '0xe07b39',
        width: 24,
        height: 60,
        start: 0.5,
        end: 3.5,
        from: [20, 70],
        to: [260, 70],
        score: 0.87,
        sub_label: 'Ana',
        zones: ['porche'],
      },
    ],
  };
}

export { writeSyntheticClip };
