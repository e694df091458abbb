import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MediaFixtures {
  dir: string;
  clip: Buffer;
  still: Buffer;
  thumbnail: Buffer;
  proxyPng: Buffer;
  remove(): Promise<void>;
}

async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/**
 * Generates the media the fake API serves with Debian's ffmpeg: an 8 s H.264 clip with a
 * key frame every second (so seeking lands quickly), JPEG stills and a PNG camera frame.
 */
export async function createMediaFixtures(): Promise<MediaFixtures> {
  const dir = await mkdtemp(join(tmpdir(), 'centinela-cards-media-'));
  const source = 'testsrc2=size=320x180:rate=10';
  await Promise.all([
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      source,
      '-t',
      '8',
      '-pix_fmt',
      'yuv420p',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-g',
      '10',
      '-movflags',
      '+faststart',
      join(dir, 'clip.mp4'),
    ]),
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=1',
      '-frames:v',
      '1',
      '-q:v',
      '4',
      join(dir, 'still.jpg'),
    ]),
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=192x108:rate=1',
      '-frames:v',
      '1',
      '-q:v',
      '5',
      join(dir, 'thumb.jpg'),
    ]),
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'smptebars=size=640x360:rate=1',
      '-frames:v',
      '1',
      join(dir, 'proxy.png'),
    ]),
  ]);
  const [clip, still, thumbnail, proxyPng] = await Promise.all(
    ['clip.mp4', 'still.jpg', 'thumb.jpg', 'proxy.png'].map((name) => readFile(join(dir, name))),
  );
  return {
    dir,
    clip: clip!,
    still: still!,
    thumbnail: thumbnail!,
    proxyPng: proxyPng!,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
