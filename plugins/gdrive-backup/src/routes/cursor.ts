import { BackupErrors } from '../errors';
import type { BackupRun } from '../db/entities';
import type { RunCursor } from '../runs/run-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque cursor naming the last row of a page: its start time and id, base64url JSON. */
export function encodeCursor(run: BackupRun): string {
  return Buffer.from(JSON.stringify({ t: run.startedAt.toISOString(), id: run.id })).toString(
    'base64url',
  );
}

/** Throws CEN_ERR_BACKUP_CURSOR_INVALID for anything encodeCursor did not make. */
export function decodeCursor(cursor: string): RunCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const candidate = value as { t?: unknown; id?: unknown } | null;
  if (typeof candidate?.t !== 'string' || typeof candidate.id !== 'string') throw invalid();
  const startedAt = new Date(candidate.t);
  if (Number.isNaN(startedAt.getTime()) || !UUID.test(candidate.id)) throw invalid();
  return { startedAt, id: candidate.id };
}

function invalid() {
  return BackupErrors.cursorInvalid({
    field: 'querystring/cursor',
    fix: 'Pass the next_cursor value of the previous page unchanged, or leave cursor out.',
  });
}
