import { Readable } from 'node:stream';
import { discardBody } from '../frigate-client/http';

/** A single byte range, inclusive at both ends. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parse a `Range` header against a known length. Returns null for headers this proxy does not
 * serve itself (several ranges, other units, malformed) so the full body is sent instead, and
 * 'unsatisfiable' when the range starts past the end.
 */
export function parseRange(header: string, length: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(first);
  if (start >= length) return 'unsatisfiable';
  const end = last === '' ? length - 1 : Math.min(Number(last), length - 1);
  if (end < start) return null;
  return { start, end };
}

/** Cut the bytes `range` out of `body`, destroying the upstream as soon as the range was sent. */
export function sliceStream(body: Readable, range: ByteRange): Readable {
  async function* slice(): AsyncGenerator<Buffer> {
    let position = 0;
    try {
      for await (const chunk of body) {
        const buffer = chunk as Buffer;
        const chunkStart = position;
        position += buffer.length;
        if (position <= range.start) continue;
        yield buffer.subarray(
          Math.max(0, range.start - chunkStart),
          Math.min(buffer.length, range.end - chunkStart + 1),
        );
        if (position > range.end) return;
      }
    } finally {
      discardBody(body);
    }
  }
  return Readable.from(slice(), { objectMode: false });
}
