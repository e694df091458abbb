import { isDatabaseUnavailable } from '@centinela/core';

/**
 * Write `rows` in one statement. When PostgreSQL rejects it for a reason other than being
 * unavailable, write them one at a time, so that a row the database rejects costs only itself.
 * `reject` is called for each rejected row. An unavailable database is thrown to the caller,
 * which keeps the rows for later.
 */
export async function writeRows<Row, Stored>(
  rows: Row[],
  write: (rows: Row[]) => Promise<Stored[]>,
  reject: (row: Row, error: unknown) => void,
): Promise<Stored[]> {
  if (rows.length === 0) return [];
  try {
    return await write(rows);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    if (rows.length === 1) {
      reject(rows[0]!, error);
      return [];
    }
  }
  const stored: Stored[] = [];
  for (const row of rows) {
    try {
      stored.push(...(await write([row])));
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      reject(row, error);
    }
  }
  return stored;
}

/** Return the SQLSTATE of a database error, or null. It is logged instead of the message. */
export function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
