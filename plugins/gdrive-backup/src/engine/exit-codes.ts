import type { RcloneExitKind } from './errors';

export interface RcloneVersion {
  major: number;
  minor: number;
  patch: number;
  /** Version string as printed by `rclone version`, for example `v1.60.1-DEV`. */
  raw: string;
}

/** Parses the first line of `rclone version` ("rclone v1.60.1-DEV"). */
export function parseRcloneVersion(output: string): RcloneVersion | null {
  const match = /rclone\s+(v(\d+)\.(\d+)\.(\d+)\S*)/.exec(output);
  if (!match) return null;
  return {
    raw: match[1]!,
    major: Number(match[2]),
    minor: Number(match[3]),
    patch: Number(match[4]),
  };
}

/**
 * rclone up to v1.68 used 1 for usage errors and 2 for uncategorised errors, and in practice
 * returned 1 for most failures (also for `check` finding differences and for an unknown
 * remote). The commit "cmd: change exit code from 1 to 2 for syntax and usage errors"
 * (2024-09-20, after v1.68.0; v1.68.1 still has the old order) swapped the two, so v1.69
 * and later return 2 for usage errors and 1 for uncategorised ones.
 * Source: lib/exitcode/exitcode.go in rclone/rclone.
 */
function usesSwappedUsageCode(version: RcloneVersion | null): boolean {
  if (!version) return false;
  return version.major > 1 || (version.major === 1 && version.minor >= 69);
}

const COMMON_KINDS: Record<number, RcloneExitKind> = {
  3: 'dir-not-found',
  4: 'file-not-found',
  5: 'retry',
  6: 'no-retry',
  7: 'fatal',
  8: 'transfer-exceeded',
  9: 'no-files-transferred',
  10: 'duration-exceeded',
};

/**
 * Maps an rclone exit code to its meaning for the given rclone version. An unknown version
 * is treated as the old order (Debian bookworm ships 1.60.1).
 */
export function exitKind(code: number | null, version: RcloneVersion | null): RcloneExitKind {
  if (code === null) return 'signal';
  // Before v1.69 code 1 covered both usage errors and most runtime failures.
  if (code === 1) return usesSwappedUsageCode(version) ? 'uncategorized' : 'usage-or-uncategorized';
  if (code === 2) return usesSwappedUsageCode(version) ? 'usage' : 'uncategorized';
  return COMMON_KINDS[code] ?? 'unknown';
}
