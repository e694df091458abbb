import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { listClipsInRange } from './clips';
import { assertDay, assertTimeZone, localDayRange, utcDayRange, type TimeRange } from './day';
import { BackupOptionError } from './errors';
import { normalizeRemoteName, normalizeRemotePath, remoteSpec } from './remotes';
import { listRecordingsForRange, type EventRange } from './plan-recordings';

export type { EventRange } from './plan-recordings';

export type BackupKind = 'recordings' | 'clips' | 'evidence';

/**
 * `utc-day`: the day is Frigate's UTC day folder. `local-day`: the day is the site's calendar
 * day in `timezone`, made of the matching hours of two UTC day folders.
 */
export type DayMode = 'utc-day' | 'local-day';

export interface PlanOptions {
  /** Frigate's media folder, the one holding `recordings/` and `clips/` (/media/frigate). */
  mediaDir: string;
  /** The evidence vault folder; copied whole to `<path>/evidence`. */
  evidenceDir?: string;
  /** rclone remote name, with or without the trailing colon. */
  remote: string;
  /** Base folder inside the remote, for example `centinela/home`. */
  path: string;
  /** YYYY-MM-DD: a UTC day in `utc-day` mode, a local day in `local-day` mode. */
  day: string;
  include: { recordings: boolean; clips: boolean; evidence: boolean };
  mode: DayMode;
  /** IANA time zone of the site, used by `local-day` mode. */
  timezone: string;
  /**
   * When set, copy only the recording segments that overlap these event time ranges
   * instead of the whole day. An empty list copies no recordings.
   */
  eventsOnly?: EventRange[];
}

/** One `rclone copy` from a local folder to a folder of the remote. */
export interface BackupJob {
  kind: BackupKind;
  /** Absolute local folder. */
  source: string;
  /** rclone destination, `remote:path/...`. */
  destination: string;
  /** Paths relative to `source` to copy through `--files-from`, or null for the whole folder. */
  files: string[] | null;
  /** Total size of `files` in bytes, or null when the whole folder is copied. */
  bytes: number | null;
  /** rclone `--exclude` patterns, for files that must not be uploaded. */
  exclude: string[];
}

export interface SkippedJob {
  kind: BackupKind;
  reason: string;
}

export interface BackupPlan {
  day: string;
  mode: DayMode;
  timezone: string;
  /** The day as a UTC time range, epoch ms. */
  range: TimeRange;
  remote: string;
  path: string;
  jobs: BackupJob[];
  skipped: SkippedJob[];
}

/**
 * Computes the copy jobs of one day. The remote layout under `<remote>:<path>` is:
 * - `recordings/<day>/<HH>/<camera>/<MM>.<SS>.mp4` in `utc-day` mode;
 * - `recordings/<local day>/<UTC day>/<HH>/...` in `local-day` mode. The UTC folders are kept,
 *   so copying the folder back into Frigate's recordings folder restores the original layout;
 * - `clips/<day>/...`, mirroring Frigate's clips folder;
 * - `evidence/...`, mirroring the evidence vault.
 */
export async function planBackup(options: PlanOptions): Promise<BackupPlan> {
  const { day, mode, timezone } = validatePlanOptions(options);
  const remote = normalizeRemoteName(options.remote);
  const path = normalizeRemotePath(options.path);
  const mediaDir = resolve(options.mediaDir);
  const range = mode === 'local-day' ? localDayRange(day, timezone) : utcDayRange(day);
  const plan: BackupPlan = { day, mode, timezone, range, remote, path, jobs: [], skipped: [] };

  if (options.include.recordings) {
    const recordingsDir = join(mediaDir, 'recordings');
    const selection = await listRecordingsForRange(
      recordingsDir,
      day,
      mode,
      range,
      options.eventsOnly,
    );
    if (selection.files !== null && selection.files.length === 0) {
      plan.skipped.push({ kind: 'recordings', reason: selection.emptyReason });
    } else {
      plan.jobs.push({
        kind: 'recordings',
        source: selection.source,
        destination: remoteSpec(remote, path, 'recordings', day),
        files: selection.files,
        bytes: selection.bytes,
        exclude: [],
      });
    }
  }

  if (options.include.clips) {
    const clipsDir = join(mediaDir, 'clips');
    const clips = await listClipsInRange(clipsDir, range);
    if (clips.length === 0) {
      plan.skipped.push({
        kind: 'clips',
        reason: `No clip files in ${clipsDir} belong to ${day}.`,
      });
    } else {
      plan.jobs.push({
        kind: 'clips',
        source: clipsDir,
        destination: remoteSpec(remote, path, 'clips', day),
        files: clips.map((clip) => clip.path),
        bytes: clips.reduce((sum, clip) => sum + clip.size, 0),
        exclude: [],
      });
    }
  }

  if (options.include.evidence) {
    const evidence = await planEvidence(options.evidenceDir, remote, path);
    if ('reason' in evidence) plan.skipped.push(evidence);
    else plan.jobs.push(evidence);
  }
  return plan;
}

async function planEvidence(
  evidenceDir: string | undefined,
  remote: string,
  path: string,
): Promise<BackupJob | SkippedJob> {
  if (!evidenceDir) return { kind: 'evidence', reason: 'No evidence folder is configured.' };
  const source = resolve(evidenceDir);
  const info = await stat(source).catch(() => null);
  if (!info?.isDirectory()) {
    return { kind: 'evidence', reason: `The evidence folder ${source} does not exist.` };
  }
  // The whole vault every night: copy only uploads new or changed files and never deletes.
  return {
    kind: 'evidence',
    source,
    destination: remoteSpec(remote, path, 'evidence'),
    files: null,
    bytes: null,
    // The vault writes exports in `exports/.partial/` first; half-written files stay local.
    exclude: ['.partial/**'],
  };
}

function validatePlanOptions(options: PlanOptions): {
  day: string;
  mode: DayMode;
  timezone: string;
} {
  assertDay(options.day);
  if (options.mode !== 'utc-day' && options.mode !== 'local-day') {
    throw new BackupOptionError(
      'mode',
      `Unknown day mode "${String(options.mode)}".`,
      'Use "utc-day" or "local-day".',
    );
  }
  const timezone = options.timezone || 'UTC';
  assertTimeZone(timezone);
  if (!options.mediaDir) {
    throw new BackupOptionError(
      'mediaDir',
      'The Frigate media folder is not set.',
      'Set it to the folder that holds recordings/ and clips/.',
    );
  }
  for (const [index, event] of (options.eventsOnly ?? []).entries()) {
    if (
      !event.camera ||
      !Number.isFinite(event.start) ||
      (event.end !== null && !Number.isFinite(event.end))
    ) {
      throw new BackupOptionError(
        `eventsOnly[${index}]`,
        'An event range needs a camera, a start and an end (or null) in epoch seconds.',
      );
    }
  }
  return { day: options.day, mode: options.mode, timezone };
}
