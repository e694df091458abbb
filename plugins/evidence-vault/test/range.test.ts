import { describe, expect, it } from 'vitest';
import { parseRange } from '../src/http/range';
import { decodeCursor, encodeCursor } from '../src/routes/cursor';

describe('download range', () => {
  it.each([
    [undefined, { kind: 'full' }],
    ['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
    ['bytes=900-', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=900-5000', { kind: 'partial', start: 900, end: 999 }],
    ['bytes=-10', { kind: 'partial', start: 990, end: 999 }],
    ['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-3', { kind: 'full' }],
    ['bytes=0-1,5-9', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
  ])('reads %s of a 1000-byte file', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it('finds nothing to serve in an empty file', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('list cursor', () => {
  it('returns the position it encoded', () => {
    const row = {
      createdAt: new Date('2026-12-04T14:31:02.123Z'),
      id: '5b0f8a52-2c1e-4a8e-9a57-7f0e7e2b6c11',
    };
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
  });

  it.each([
    '',
    'bm90LWEtY3Vyc29y',
    Buffer.from('["2026-12-04T14:31:02Z","x"]').toString('base64url'),
  ])('rejects %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});
