/** Position after the last item of a page: its start time (microseconds, UTC) and id. */
export interface Cursor {
  startKey: string;
  id: string;
}

const START_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque cursor text: base64url of `<start time>|<id>`. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.startKey}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Decode the cursor in `text`; null when it is not one this API made. */
export function decodeCursor(text: string): Cursor | null {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const [startKey, id, extra] = decoded.split('|');
  if (startKey === undefined || id === undefined || extra !== undefined) return null;
  if (!START_KEY.test(startKey) || !UUID.test(id)) return null;
  return { startKey, id };
}
