import { CentinelaError, defineError } from '@centinela/core';
import { BackupEngineError } from './engine';

/** Problems the backup routes return (RFC 9457 with these codes), besides the engine's own. */
export const BackupErrors = {
  runInProgress: defineError(
    'CEN_ERR_BACKUP_RUN_IN_PROGRESS',
    409,
    'Backup run in progress',
    (runId: string) => `Backup run ${runId} is still running on this site; one run at a time.`,
  ),
  runNotFound: defineError(
    'CEN_ERR_BACKUP_RUN_NOT_FOUND',
    404,
    'Backup run not found',
    (id: string) => `No backup run with id "${id}" on this site.`,
  ),
  cursorInvalid: defineError(
    'CEN_ERR_BACKUP_CURSOR_INVALID',
    400,
    'Invalid cursor',
    () => 'The cursor is not one returned by GET /api/backups/runs.',
  ),
  mediaDirMissing: defineError(
    'CEN_ERR_BACKUP_MEDIA_DIR_MISSING',
    409,
    'Frigate media folder not available',
    (detail: string) => detail,
  ),
};

/** Code recorded on a run whose process stopped (killed, crashed, power cut) before it finished. */
export const INTERRUPTED_CODE = 'CEN_ERR_BACKUP_INTERRUPTED';

/** Turns a typed engine error into the core's problem+json error with the same code. */
export function engineProblem(error: BackupEngineError, field?: string): CentinelaError {
  const options: { field?: string; fix?: string; cause: unknown } = { cause: error };
  const shownField = field ?? error.field;
  if (shownField !== undefined) options.field = shownField;
  if (error.fix !== undefined) options.fix = error.fix;
  return new CentinelaError(error.code, error.statusCode, error.title, error.message, options);
}
