import type { Readable } from 'node:stream';

export type Headers = Record<string, string>;

/** What a route hands back; `sendResult` turns it into bytes on the wire. */
export type HttpResult =
  | { kind: 'json'; status: number; body: unknown; headers?: Headers }
  | { kind: 'bytes'; status: number; body: Buffer | string; contentType: string; headers?: Headers }
  | { kind: 'file'; path: string; contentType: string; headers?: Headers }
  | {
      kind: 'stream';
      status: number;
      contentType: string;
      open: () => { stdout: Readable; kill: () => void };
      headers?: Headers;
    };

export function json(status: number, body: unknown, headers?: Headers): HttpResult {
  return headers === undefined
    ? { kind: 'json', status, body }
    : { kind: 'json', status, body, headers };
}

/** Frigate's usual error body. */
export function failure(status: number, message: string): HttpResult {
  return json(status, { success: false, message });
}

export function bytes(
  status: number,
  body: Buffer | string,
  contentType: string,
  headers?: Headers,
): HttpResult {
  return headers === undefined
    ? { kind: 'bytes', status, body, contentType }
    : { kind: 'bytes', status, body, contentType, headers };
}

export function file(path: string, contentType: string, headers?: Headers): HttpResult {
  return headers === undefined
    ? { kind: 'file', path, contentType }
    : { kind: 'file', path, contentType, headers };
}

/** FastAPI's answer for a path no route matches. */
export const notFoundRoute = json(404, { detail: 'Not Found' });
