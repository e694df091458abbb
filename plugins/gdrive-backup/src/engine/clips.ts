import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimeRange } from './day';

/** A file under Frigate's clips folder (snapshots, thumbnails, review thumbnails, previews). */
export interface ClipFile {
  /** Path relative to the clips folder, `/` separated. */
  path: string;
  /** Time the file belongs to, epoch ms: from the event or review id in its name, else its mtime. */
  time: number;
  timeSource: 'id' | 'mtime';
  size: number;
}

/**
 * Frigate event and review ids are `<epoch seconds>.<fraction>-<6 characters>`, for example
 * `1717171717.123456-abc123`, and appear in `<camera>-<id>.jpg`, `<camera>-<id>-clean.png`,
 * `thumbs/<camera>/<id>.webp` and `review/thumb-<camera>-<id>.webp`.
 */
const ID_IN_NAME = /(?<![\d.])(\d{9,11})(?:\.\d+)?-[0-9a-z]{6}(?=[-.]|$)/;

/** Returns the epoch ms encoded in a Frigate event or review id inside a file name, or null. */
export function timeFromClipName(name: string): number | null {
  const match = ID_IN_NAME.exec(name);
  return match ? Number(match[1]) * 1000 : null;
}

/**
 * Lists the clip files that belong to `range`. A snapshot written just after midnight for an
 * event that started before it belongs to the event's day, which is why the id time wins
 * over the mtime.
 */
export async function listClipsInRange(clipsDir: string, range: TimeRange): Promise<ClipFile[]> {
  const clips: ClipFile[] = [];
  await walk(clipsDir, '', async (relative, size, mtimeMs) => {
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    const idTime = timeFromClipName(name);
    const time = idTime ?? mtimeMs;
    if (time >= range.start && time < range.end) {
      clips.push({ path: relative, time, timeSource: idTime === null ? 'mtime' : 'id', size });
    }
  });
  return clips.sort((a, b) => a.path.localeCompare(b.path));
}

type FileVisitor = (relative: string, size: number, mtimeMs: number) => Promise<void>;

/** Visits regular files below `root`, skipping hidden entries; a missing root visits nothing. */
async function walk(root: string, relative: string, visit: FileVisitor): Promise<void> {
  let entries;
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      await walk(root, child, visit);
    } else if (entry.isFile()) {
      const info = await stat(join(root, child));
      await visit(child, info.size, info.mtimeMs);
    }
  }
}
