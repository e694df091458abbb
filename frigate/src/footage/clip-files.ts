import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { sanitizeCameraName } from '../ids';

export const clipExtensions = ['.mp4', '.mkv', '.avi'];

export interface ClipFile {
  camera: string;
  path: string;
  /** `<name>.timeline.json` beside the clip; it may not exist. */
  sidecarPath: string;
}

/**
 * List the clips of a folder in name order, one camera each. The camera name is the file
 * name without extension, cleaned to `^[a-zA-Z0-9_-]+$`; a clash gets a `_2`, `_3` suffix.
 */
export async function listClipFiles(clipsDir: string): Promise<ClipFile[]> {
  let names: string[];
  try {
    names = (await readdir(clipsDir)).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new Error(
      `clips folder ${clipsDir} not found: create it and put .mp4, .mkv or .avi files in it`,
      {
        cause: error,
      },
    );
  }
  const used = new Set<string>();
  const clips: ClipFile[] = [];
  for (const name of names) {
    const extension = extname(name).toLowerCase();
    if (!clipExtensions.includes(extension)) continue;
    const stem = name.slice(0, -extension.length);
    const base = sanitizeCameraName(stem);
    let camera = base;
    for (let suffix = 2; used.has(camera); suffix += 1) camera = `${base}_${suffix}`;
    used.add(camera);
    clips.push({
      camera,
      path: join(clipsDir, name),
      sidecarPath: join(clipsDir, `${stem}.timeline.json`),
    });
  }
  return clips;
}
