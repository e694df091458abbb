import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

import type { Headers, HttpResult } from './results';

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parse a `Range` header for a file of `size` bytes. Undefined: no usable range (serve the
 * whole file, as servers do for multiple ranges or other units); null: not satisfiable.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return null;
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return undefined;
  return { start, end };
}

function writeHead(response: ServerResponse, status: number, headers: Headers): void {
  response.writeHead(status, headers);
}

async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  result: Extract<HttpResult, { kind: 'file' }>,
) {
  const info = await stat(result.path);
  const range = parseRange(request.headers.range, info.size);
  const base: Headers = {
    'Content-Type': result.contentType,
    'Accept-Ranges': 'bytes',
    ...result.headers,
  };
  if (range === null) {
    writeHead(response, 416, { ...base, 'Content-Range': `bytes */${info.size}` });
    response.end();
    return;
  }
  const status = range === undefined ? 200 : 206;
  const headers: Headers = {
    ...base,
    'Content-Length': String(range === undefined ? info.size : range.end - range.start + 1),
  };
  if (range !== undefined)
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${info.size}`;
  writeHead(response, status, headers);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(
    result.path,
    range === undefined ? {} : { start: range.start, end: range.end },
  );
  await pipeline(stream, response).catch(() => undefined);
}

async function sendStream(
  request: IncomingMessage,
  response: ServerResponse,
  result: Extract<HttpResult, { kind: 'stream' }>,
) {
  writeHead(response, result.status, { 'Content-Type': result.contentType, ...result.headers });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const { stdout, kill } = result.open();
  response.once('close', kill);
  await pipeline(stdout, response).catch(() => undefined);
}

/** Write a route's result, honouring `Range` for files and `HEAD` for everything. */
export async function sendResult(
  request: IncomingMessage,
  response: ServerResponse,
  result: HttpResult,
): Promise<void> {
  switch (result.kind) {
    case 'file':
      await sendFile(request, response, result);
      return;
    case 'stream':
      await sendStream(request, response, result);
      return;
    case 'json':
    case 'bytes': {
      const body =
        result.kind === 'json'
          ? Buffer.from(JSON.stringify(result.body))
          : Buffer.from(result.body);
      const contentType = result.kind === 'json' ? 'application/json' : result.contentType;
      const headers: Headers = { 'Content-Length': String(body.length), ...result.headers };
      // An empty content type stands for Starlette's bare `Response("")`, which sends none.
      if (contentType !== '') headers['Content-Type'] = contentType;
      writeHead(response, result.status, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
  }
}
