import { resolve, sep } from 'node:path';
import { VaultPathError } from './errors';

/** Folder, relative to the vault root, that contains exported files, one sub-folder per day. */
export const EXPORTS_DIR = 'exports';
/** Folder of in-progress writes. Same file system as the exports, so a rename is atomic. */
export const PARTIAL_DIR = `${EXPORTS_DIR}/.partial`;
export const PARTIAL_PREFIX = '.tmp-';

// Leading "." is excluded, which rejects "..", "." and hidden names such as ".partial".
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}$/;

/**
 * Checks a vault-relative path ("exports/2024-05-01/export_x.mp4") and returns its segments.
 * Rejects absolute paths, empty segments, "." and "..", backslashes and names starting with ".".
 */
export function parseRelativePath(relativePath: string): string[] {
  if (typeof relativePath !== 'string' || relativePath.length === 0) {
    throw new VaultPathError(String(relativePath), 'the path is empty');
  }
  if (relativePath.startsWith('/')) {
    throw new VaultPathError(relativePath, 'the path is absolute');
  }
  const segments = relativePath.split('/');
  for (const segment of segments) {
    if (segment === '..' || segment === '.') {
      throw new VaultPathError(relativePath, 'the path leaves its folder');
    }
    if (!SEGMENT.test(segment)) {
      throw new VaultPathError(
        relativePath,
        `the segment ${JSON.stringify(segment)} is not allowed`,
      );
    }
  }
  return segments;
}

/**
 * Resolves a vault-relative path under `root`, checking again after resolution that the result
 * stays inside the root.
 */
// NOTE: the check is lexical. A symbolic link placed inside the vault by someone with shell
// access is followed, which keeps a vault whose exports/ folder links to another disk working.
export function resolveInside(root: string, relativePath: string): string {
  const segments = parseRelativePath(relativePath);
  const absoluteRoot = resolve(root);
  const target = resolve(absoluteRoot, ...segments);
  if (!target.startsWith(absoluteRoot + sep)) {
    throw new VaultPathError(relativePath, 'the path leaves the vault');
  }
  return target;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXPORT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function isValidDate(date: string): boolean {
  const match = DATE.exec(date);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year &&
    parsed.getUTCMonth() === month - 1 &&
    parsed.getUTCDate() === day
  );
}

export function isValidExportId(id: string): boolean {
  return typeof id === 'string' && EXPORT_ID.test(id);
}

/** Vault folder of one day's exports: `exports/YYYY-MM-DD`. */
export function exportDayDir(date: string): string {
  return `${EXPORTS_DIR}/${date}`;
}
