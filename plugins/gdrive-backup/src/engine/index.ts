/**
 * Backup engine of the gdrive-backup plugin: runs rclone to copy Frigate recordings, clips
 * and the evidence vault to a remote (Google Drive, usually through a crypt remote),
 * verifies what arrived, applies retention on the remote only, and runs restore drills.
 * It never deletes local files and never uses `rclone sync`. It holds no HTTP, database,
 * schedule or lock code: the plugin calls these functions and stores their results.
 *
 * Every function takes rclone settings (`RcloneSettings`): the binary, a config file (by
 * default none, so a user's own rclone config is never read), RCLONE_CONFIG_PASS, extra
 * environment for remotes defined as RCLONE_CONFIG_<NAME>_*, and `--bwlimit`. Secrets from
 * those settings never appear in returned log lines or error messages.
 */

/** Plans the copy jobs of one day (recordings, clips, evidence) without running anything. */
export { planBackup } from './plan';
export type {
  BackupJob,
  BackupKind,
  BackupPlan,
  DayMode,
  EventRange,
  PlanOptions,
  SkippedJob,
} from './plan';

/** Runs a backup day: `rclone copy` per job, then `check --one-way` or `cryptcheck`. */
export { runBackup } from './run-backup';
export type {
  BackupHooks,
  BackupProgressEvent,
  BackupResult,
  BackupStatus,
  RunBackupOptions,
} from './run-backup';
export type { BackupErrorEntry, BackupJobResult } from './run-job';
export { chooseVerifyMethod } from './verify';
export type { VerifyMethod, VerifyResult } from './verify';

/** Removes remote day folders by the date in their name, never by file modification time. */
export { applyRetention, oldestKeptDay } from './retention';
export type { RetentionOptions, RetentionRemoval, RetentionResult } from './retention';

/** Restores a random sample of a backed-up day and compares sha256 hashes. */
export { restoreTest } from './restore-drill';
export type { RestoreMismatch, RestoreTestOptions, RestoreTestResult } from './restore-drill';
export { loadEvidenceManifests } from './evidence-manifests';
export type { ExpectedHashLookup } from './evidence-manifests';

/** Storage forecast from camera bitrates, and bitrate measured from recordings. */
export {
  DRIVE_DAILY_UPLOAD_LIMIT_GB,
  forecastStorage,
  gbPerDay,
  measureBitrates,
  measureCameraBitrate,
} from './forecast';
export type { CameraBitrate, MeasuredBitrate, StorageForecast } from './forecast';

/** Low-level rclone access shared by the functions above. */
export { getRcloneVersion, runRclone } from './rclone';
export type { RcloneCommandOptions, RcloneCommandResult } from './rclone';
export { NO_CONFIG_FILE } from './rclone-env';
export type { RcloneSettings } from './rclone-env';
export type { CheckSummary, RcloneProgress, RcloneStats } from './rclone-log';
export { exitKind, parseRcloneVersion } from './exit-codes';
export type { RcloneVersion } from './exit-codes';
export { getRemoteType, listRemotes, obscurePassword, remoteEnv, remoteSpec } from './remotes';

/** Local-day arithmetic used by `local-day` mode. */
export { localDayRange, utcDayRange } from './day';
export type { TimeRange } from './day';

/** Typed errors; each has `code`, `statusCode`, `title`, `field` and `fix`. */
export {
  BackupAbortedError,
  BackupEngineError,
  BackupOptionError,
  RcloneExitError,
  RcloneNotFoundError,
  RcloneUnknownRemoteError,
} from './errors';
export type { BackupErrorCode, RcloneExitKind } from './errors';
