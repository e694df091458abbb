import { CoreErrors, requirePrincipal } from '@centinela/core';
import type { FastifyRequest } from 'fastify';
import { decodeCursor, type Cursor } from '../db/cursor';

/** Camera ids the caller may see; null means all. */
export function scopeOf(request: FastifyRequest): string[] | null {
  return requirePrincipal(request).cameraScope;
}

export function cursorParam(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined;
  const cursor = decodeCursor(text);
  if (cursor === null) {
    throw CoreErrors.validation('querystring/cursor is not a cursor returned by this API.', {
      field: 'querystring/cursor',
      fix: 'Pass next_cursor from the previous page unchanged, or leave cursor out for the first page.',
    });
  }
  return cursor;
}

/** Check that `from` comes before `to` when both are given. */
export function timeRange(
  from: string | undefined,
  to: string | undefined,
): { from?: Date; to?: Date } {
  const range: { from?: Date; to?: Date } = {};
  if (from !== undefined) range.from = new Date(from);
  if (to !== undefined) range.to = new Date(to);
  if (range.from !== undefined && range.to !== undefined && range.from >= range.to) {
    throw CoreErrors.validation('querystring/to must be later than querystring/from.', {
      field: 'querystring/to',
      fix: 'Send a time range whose end is after its start.',
    });
  }
  return range;
}
