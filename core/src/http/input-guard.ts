import type { FastifyInstance } from 'fastify';
import { CoreErrors } from '../errors/codes';

/** Depth past which request data is not walked; JSON bodies deeper than this are rare. */
const MAX_DEPTH = 32;

/** The first path in `value` that contains a NUL character or a number that is not finite. */
function findUnsafe(value: unknown, path: string, depth: number): { path: string; reason: string } | null {
  if (depth > MAX_DEPTH) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? { path, reason: 'contains a NUL character' } : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : { path, reason: 'is not a finite number' };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafe(item, `${path}/${index}`, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  // Only parsed JSON and query objects are walked; a Buffer or stream body is left alone.
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return { path, reason: 'has a key with a NUL character' };
      const found = findUnsafe(item, `${path}/${key}`, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Parsed JSON and query objects; Fastify's query parser gives objects of its own prototype. */
function isPlainObject(value: object): boolean {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/**
 * Reject, with 400 naming the field, request values that pass JSON Schema but that no route
 * can store. PostgreSQL rejects NUL in text and jsonb. Ajv's type coercion turns a query
 * string such as `limit=Infinity` into a number that skips `minimum` and `maximum`.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const parts: Array<[string, unknown]> = [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ];
    for (const [part, value] of parts) {
      const found = findUnsafe(value, part, 0);
      if (found !== null) {
        throw CoreErrors.validation(`${found.path} ${found.reason}.`, {
          field: found.path,
          fix: `Send ${found.path} without NUL characters and with finite numbers.`,
        });
      }
    }
  });
}
