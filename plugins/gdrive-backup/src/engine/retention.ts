import { addDays, assertDay, daysBetween, isDay } from './day';
import { BackupAbortedError, BackupOptionError, RcloneExitError } from './errors';
import type { BackupKind } from './plan';
import { runRclone } from './rclone';
import type { RcloneSettings } from './rclone-env';
import { normalizeRemoteName, normalizeRemotePath, remoteSpec } from './remotes';
import { toErrorEntry } from './run-job';

export interface RetentionOptions {
  remote: string;
  path: string;
  /** Day folders older than this many days are removed; must be at least 1. */
  days: number;
  /** Today's date, YYYY-MM-DD, in the same calendar as the day folders (UTC or the site's). */
  today: string;
  /** Day-folder trees that retention applies to. Default both. */
  kinds?: ('recordings' | 'clips')[];
  /**
   * Retention of `evidence/`, in days. Null or absent leaves evidence untouched. When set,
   * only evidence folders named YYYY-MM-DD, at the top or one level down, are removed.
   */
  evidenceDays?: number | null;
  /** List what would be removed without removing it. */
  dryRun?: boolean;
  /** Keep deleted files in the Drive trash (they still count against quota). Default false. */
  useTrash?: boolean;
  rclone?: RcloneSettings;
  signal?: AbortSignal;
}

export interface RetentionRemoval {
  kind: BackupKind;
  day: string;
  /** rclone path of the removed folder. */
  target: string;
}

export interface RetentionResult {
  dryRun: boolean;
  /** Folders removed, or that would be removed in a dry run. */
  removed: RetentionRemoval[];
  /** Number of day folders kept. */
  keptFolders: number;
  /** Folders whose name is not a date; retention never removes them. */
  ignored: string[];
  errors: { target: string; message: string; code: string }[];
}

/**
 * Removes remote day folders whose NAME date is more than `days` days before `today`, with
 * `rclone purge`. It never looks at file modification times: rclone keeps the source mtime on
 * upload, so an old clip uploaded today would look old and be deleted by `--min-age`.
 * Nothing local is ever touched. A failed purge is listed in `errors` and the others go on;
 * an aborted `signal` throws BackupAbortedError.
 */
export async function applyRetention(options: RetentionOptions): Promise<RetentionResult> {
  validate(options);
  const remote = normalizeRemoteName(options.remote);
  const path = normalizeRemotePath(options.path);
  const dryRun = options.dryRun ?? false;
  const result: RetentionResult = { dryRun, removed: [], keptFolders: 0, ignored: [], errors: [] };

  const trees: { kind: BackupKind; days: number }[] = (
    options.kinds ?? ['recordings', 'clips']
  ).map((kind) => ({
    kind,
    days: options.days,
  }));
  if (options.evidenceDays !== undefined && options.evidenceDays !== null) {
    trees.push({ kind: 'evidence', days: options.evidenceDays });
  }

  for (const tree of trees) {
    for (const folder of await findDayFolders(remote, path, tree.kind, options, result)) {
      if (daysBetween(folder.day, options.today) <= tree.days) {
        result.keptFolders += 1;
        continue;
      }
      const target = remoteSpec(remote, path, folder.relative);
      if (options.signal?.aborted) throw new BackupAbortedError('purge');
      try {
        if (!dryRun) await purge(target, options);
        result.removed.push({ kind: tree.kind, day: folder.day, target });
      } catch (error) {
        if (error instanceof BackupAbortedError) throw error;
        const entry = toErrorEntry(tree.kind, error);
        result.errors.push({ target, message: entry.message, code: entry.code });
      }
    }
  }
  return result;
}

/** Returns the oldest day folder that `applyRetention` keeps for a retention of `days`. */
export function oldestKeptDay(today: string, days: number): string {
  return addDays(today, -days);
}

/**
 * Finds the date-named folders of a tree, as paths relative to `<path>`. Evidence is also
 * searched one level down, because the vault keeps exports in `exports/<YYYY-MM-DD>/`.
 * Folders with other names are listed in `result.ignored` and never removed.
 */
async function findDayFolders(
  remote: string,
  path: string,
  kind: BackupKind,
  options: RetentionOptions,
  result: RetentionResult,
): Promise<{ relative: string; day: string }[]> {
  const found: { relative: string; day: string }[] = [];
  for (const name of await listFolderNames(remoteSpec(remote, path, kind), options)) {
    if (isDay(name)) {
      found.push({ relative: `${kind}/${name}`, day: name });
      continue;
    }
    const nested =
      kind === 'evidence'
        ? await listFolderNames(remoteSpec(remote, path, kind, name), options)
        : [];
    const days = nested.filter(isDay);
    for (const day of days) found.push({ relative: `${kind}/${name}/${day}`, day });
    if (days.length === 0) result.ignored.push(`${kind}/${name}`);
  }
  return found;
}

async function listFolderNames(parent: string, options: RetentionOptions): Promise<string[]> {
  try {
    const result = await runRclone(['lsjson', '--dirs-only', parent], options.rclone, {
      signal: options.signal,
    });
    const entries = JSON.parse(result.stdout || '[]') as { Name: string; IsDir: boolean }[];
    return entries.filter((entry) => entry.IsDir).map((entry) => entry.Name);
  } catch (error) {
    // A tree that was never uploaded has nothing to remove.
    if (error instanceof RcloneExitError && error.kind === 'dir-not-found') return [];
    throw error;
  }
}

async function purge(target: string, options: RetentionOptions): Promise<void> {
  const args = ['purge', target];
  // Backend flags are global in rclone, so this also reaches a drive remote under a crypt remote.
  if (!options.useTrash) args.push('--drive-use-trash=false');
  await runRclone(args, options.rclone, { signal: options.signal });
}

function validate(options: RetentionOptions): void {
  assertDay(options.today, 'today');
  if (!Number.isInteger(options.days) || options.days < 1) {
    throw new BackupOptionError(
      'days',
      `Retention days must be a whole number of at least 1, got ${options.days}.`,
    );
  }
  const evidenceDays = options.evidenceDays;
  if (
    evidenceDays !== undefined &&
    evidenceDays !== null &&
    (!Number.isInteger(evidenceDays) || evidenceDays < 1)
  ) {
    throw new BackupOptionError(
      'evidenceDays',
      `Evidence retention days must be a whole number of at least 1, or null, got ${evidenceDays}.`,
    );
  }
  for (const kind of options.kinds ?? []) {
    if (kind !== 'recordings' && kind !== 'clips') {
      throw new BackupOptionError(
        'kinds',
        `Retention applies to "recordings" and "clips", not "${String(kind)}".`,
      );
    }
  }
}
