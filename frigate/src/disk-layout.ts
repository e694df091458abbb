import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where Frigate keeps its media inside the container; `thumb_path` values use it. */
export const containerMediaRoot = '/media/frigate';

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** Frigate's media tree under one root folder (Frigate's `/media/frigate`). */
export class DiskLayout {
  constructor(readonly root: string) {}

  get clipsDir(): string {
    return join(this.root, 'clips');
  }

  get recordingsDir(): string {
    return join(this.root, 'recordings');
  }

  /** `recordings/YYYY-MM-DD/HH/<camera>/MM.SS.mp4`, date and hour in UTC. */
  recordingPath(camera: string, startSeconds: number): string {
    const date = new Date(Math.floor(startSeconds) * 1000);
    const day = `${date.getUTCFullYear()}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
    const file = `${twoDigits(date.getUTCMinutes())}.${twoDigits(date.getUTCSeconds())}.mp4`;
    return join(this.recordingsDir, day, twoDigits(date.getUTCHours()), camera, file);
  }

  snapshotPath(camera: string, eventId: string): string {
    return join(this.clipsDir, `${camera}-${eventId}.jpg`);
  }

  thumbnailPath(camera: string, eventId: string): string {
    return join(this.clipsDir, 'thumbs', camera, `${eventId}.webp`);
  }

  reviewThumbnailPath(camera: string, reviewId: string): string {
    return join(this.clipsDir, 'review', `thumb-${camera}-${reviewId}.webp`);
  }

  /** The same file as Frigate names it inside its container. */
  containerReviewThumbnailPath(camera: string, reviewId: string): string {
    return `${containerMediaRoot}/clips/review/thumb-${camera}-${reviewId}.webp`;
  }

  async ensure(): Promise<void> {
    await mkdir(join(this.clipsDir, 'thumbs'), { recursive: true });
    await mkdir(join(this.clipsDir, 'review'), { recursive: true });
    await mkdir(this.recordingsDir, { recursive: true });
  }
}

/**
 * Place `source` at `target` as a hard link, so every loop of a clip reuses the same bytes on
 * disk; a copy when linking is not possible (another file system).
 */
export async function placeFile(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await rm(target, { force: true });
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    await copyFile(source, target);
  }
}
