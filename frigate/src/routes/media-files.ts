import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

import type { FfmpegBinaries } from '../ffmpeg/binaries';
import { convertImage } from '../footage/images';

export const contentTypes: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.m3u8': 'application/vnd.apple.mpegurl',
};

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export async function fileExists(path: string | undefined): Promise<boolean> {
  if (path === undefined) return false;
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * An image in another format or height, made once with ffmpeg and kept under the cache
 * folder. Undefined when ffmpeg is not available or the source is missing.
 */
export async function convertedImage(
  binaries: FfmpegBinaries | undefined,
  cacheDir: string,
  source: string | undefined,
  extension: string,
  height: number,
): Promise<string | undefined> {
  if (binaries === undefined || !(await fileExists(source))) return undefined;
  const key = createHash('sha1')
    .update(`${source}|${extension}|${height}`)
    .digest('hex')
    .slice(0, 20);
  const folder = join(cacheDir, 'converted');
  const target = join(folder, `${key}.${extension}`);
  if (await fileExists(target)) return target;
  await mkdir(folder, { recursive: true });
  await convertImage(binaries, source!, target, height);
  return target;
}
