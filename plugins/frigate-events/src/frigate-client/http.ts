import { errors as undiciErrors } from 'undici';
import type { Readable } from 'node:stream';
import { FrigateTimeoutError, FrigateUnreachableError } from './errors';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Turn an undici or socket error into the client's error types; aborts are passed through. */
export function classifyTransportError(error: unknown, path: string): Error {
  if (isAbort(error)) return error as Error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
    return new FrigateTimeoutError(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const reason =
    error instanceof undiciErrors.UndiciError || error instanceof Error
      ? error.message
      : String(error);
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message;
  return new FrigateUnreachableError(
    `${path}: ${detail === undefined ? reason : `${reason} (${detail})`}`,
    {
      cause: error,
    },
  );
}

export function isAbort(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { name, code } = error as { name?: string; code?: string };
  return name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR';
}

/**
 * Stop reading an upstream body and release its connection. undici reports the abort this
 * causes as an `error` event, which would crash the process without a listener.
 */
export function discardBody(body: Readable): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

/** Read at most `limit` bytes of a body as text and discard the rest (error bodies, logs). */
export async function readSnippet(body: Readable, limit = 2048): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limit) break;
    }
  } catch {
    // A body that fails while being read for a log line is not worth another error.
  } finally {
    discardBody(body);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/** Extract the `message` of a Frigate error body: JSON `{message}`, a bare JSON string, or the text. */
export function frigateMessage(snippet: string): string {
  try {
    const parsed: unknown = JSON.parse(snippet);
    if (typeof parsed === 'string') return parsed;
    if (typeof parsed === 'object' && parsed !== null) {
      const message = (parsed as Record<string, unknown>).message;
      if (typeof message === 'string') return message;
    }
  } catch {
    // Not JSON: nginx HTML or plain text.
  }
  return snippet
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}
