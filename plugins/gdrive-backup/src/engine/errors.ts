/**
 * Typed errors of the backup engine. Each carries a stable `code`, an HTTP status and a
 * title, and where it helps the offending `field` and a `fix`. These are the members of the
 * core's problem+json errors, so the plugin can turn any of them into an RFC 9457 response.
 */
export type BackupErrorCode =
  | 'CEN_ERR_BACKUP_OPTION_INVALID'
  | 'CEN_ERR_BACKUP_RCLONE_NOT_FOUND'
  | 'CEN_ERR_BACKUP_REMOTE_UNKNOWN'
  | 'CEN_ERR_BACKUP_RCLONE_FAILED'
  | 'CEN_ERR_BACKUP_CHECK_FAILED'
  | 'CEN_ERR_BACKUP_ABORTED'
  | 'CEN_ERR_BACKUP_RUN_FAILED';

export interface BackupErrorOptions {
  field?: string;
  fix?: string;
  cause?: unknown;
}

export class BackupEngineError extends Error {
  readonly code: BackupErrorCode;
  readonly statusCode: number;
  readonly title: string;
  readonly field: string | undefined;
  readonly fix: string | undefined;

  constructor(
    code: BackupErrorCode,
    statusCode: number,
    title: string,
    message: string,
    options: BackupErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackupEngineError';
    this.code = code;
    this.statusCode = statusCode;
    this.title = title;
    this.field = options.field;
    this.fix = options.fix;
  }
}

/** An option passed to the engine is missing or malformed. */
export class BackupOptionError extends BackupEngineError {
  constructor(field: string, message: string, fix?: string) {
    super('CEN_ERR_BACKUP_OPTION_INVALID', 400, 'Invalid backup option', message, { field, fix });
    this.name = 'BackupOptionError';
  }
}

/** The rclone executable could not be started. */
export class RcloneNotFoundError extends BackupEngineError {
  readonly binary: string;

  constructor(binary: string, cause?: unknown) {
    super(
      'CEN_ERR_BACKUP_RCLONE_NOT_FOUND',
      500,
      'rclone not found',
      `The rclone binary "${binary}" was not found or cannot be executed.`,
      {
        field: 'RCLONE_BINARY',
        fix: 'Install rclone (apt-get install rclone) or set RCLONE_BINARY to the full path of the rclone executable.',
        cause,
      },
    );
    this.name = 'RcloneNotFoundError';
    this.binary = binary;
  }
}

/** rclone has no remote of this name in its config file or environment. */
export class RcloneUnknownRemoteError extends BackupEngineError {
  readonly remote: string;

  constructor(remote: string) {
    // rclone upper-cases the remote name in RCLONE_CONFIG_<NAME>_* and keeps any dash.
    const envName = remote.toUpperCase();
    super(
      'CEN_ERR_BACKUP_REMOTE_UNKNOWN',
      400,
      'rclone remote not found',
      `The rclone remote "${remote}" is not defined in the rclone config file or environment.`,
      {
        field: 'remote',
        fix: `Create it with "rclone config" (see rclone/README.md) or define RCLONE_CONFIG_${envName}_TYPE and its options in the environment.`,
      },
    );
    this.name = 'RcloneUnknownRemoteError';
    this.remote = remote;
  }
}

/** Meaning of a non-zero rclone exit code, after the per-version mapping. */
export type RcloneExitKind =
  | 'usage'
  | 'usage-or-uncategorized'
  | 'uncategorized'
  | 'dir-not-found'
  | 'file-not-found'
  | 'retry'
  | 'no-retry'
  | 'fatal'
  | 'transfer-exceeded'
  | 'no-files-transferred'
  | 'duration-exceeded'
  | 'signal'
  | 'unknown';

/** rclone exited with a non-zero code that no more specific error explains. */
export class RcloneExitError extends BackupEngineError {
  readonly exitCode: number | null;
  readonly kind: RcloneExitKind;
  readonly command: string;
  /** Last log lines of the failed command, with secrets removed. */
  readonly logTail: string[];

  constructor(
    command: string,
    exitCode: number | null,
    kind: RcloneExitKind,
    detail: string,
    logTail: string[],
  ) {
    super(
      'CEN_ERR_BACKUP_RCLONE_FAILED',
      502,
      'rclone command failed',
      `rclone ${command} failed with exit code ${exitCode ?? 'none'} (${kind})${detail ? `: ${detail}` : '.'}`,
      { fix: fixForExitKind(kind) },
    );
    this.name = 'RcloneExitError';
    this.exitCode = exitCode;
    this.kind = kind;
    this.command = command;
    this.logTail = logTail;
  }
}

/** The run was cancelled through its AbortSignal; rclone was stopped. */
export class BackupAbortedError extends BackupEngineError {
  constructor(command: string) {
    super(
      'CEN_ERR_BACKUP_ABORTED',
      409,
      'Backup aborted',
      `rclone ${command} was stopped because the run was aborted.`,
    );
    this.name = 'BackupAbortedError';
  }
}

function fixForExitKind(kind: RcloneExitKind): string {
  switch (kind) {
    case 'dir-not-found':
    case 'file-not-found':
      return 'Check that the source folder exists and that the remote path is spelled correctly.';
    case 'retry':
      return 'The error is temporary; run the backup again later.';
    case 'fatal':
      return 'Retrying will not help: check the account quota, the Drive daily upload limit and the credentials.';
    case 'transfer-exceeded':
    case 'duration-exceeded':
      return 'A --max-transfer or --max-duration limit stopped the copy; the next run continues it.';
    default:
      return 'Read the log excerpt of the run for the rclone message.';
  }
}
