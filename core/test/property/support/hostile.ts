import fc from 'fast-check';
import type { JsonSchema } from './route-table';

/**
 * Values an attacker or a broken client sends: path traversal in ids and file names, encoded
 * and double-encoded separators, NUL bytes, Unicode camera names (accents, emoji, right-to-left
 * marks, zero-width joiners), SQL and template fragments, and oversized strings.
 */
const TRAVERSAL = [
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%252e%252e%252f',
  '....//....//etc/passwd',
  '/etc/shadow',
  'C:\\boot.ini',
  'export_../../../x.mp4',
  'clip.mp4\u0000.jpg',
  '%00',
  '.',
  '..',
  '/',
  '\\',
];

const UNICODE_NAMES = [
  'cámara_jardín',
  'Ñandú',
  'entrée-principale',
  '門口',
  'камера',
  '📷🚗',
  'front\u202edoor',
  'a\u200db',
  'ﬁle',
  'İstanbul',
  '\uFEFFbom',
  '\uD800',
];

const INJECTION = [
  "' or '1'='1",
  '"; drop table frigate_events; --',
  '${process.env.SECRET}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9007199254740993',
  '2026-02-30T25:61:61Z',
  'null',
  'true',
];

/** Strings of up to 100 k characters, within the 1 MiB body limit. */
const oversized = fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'A'.repeat(length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRAVERSAL),
  fc.constantFrom(...UNICODE_NAMES),
  fc.constantFrom(...INJECTION),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  oversized,
);

/** An id or a file name for a URL path segment: hostile strings, a random UUID, or a number. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.map((text) => encodeSegment(text.slice(0, 2_000))),
  fc.constantFrom(...TRAVERSAL),
  fc.uuid().map(String),
  fc.integer().map(String),
);

/** Any JSON value, weighted towards hostile strings, extreme numbers and deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_VALUE, 1e-320),
  fc.constant(null),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 5 }),
  fc.constant(Array.from({ length: 2_000 }, (_unused, index) => index)),
  fc.constant(
    JSON.parse(
      '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"polluted": 1}}}',
    ) as unknown,
  ),
  fc.constant(nested(200)),
);

/** encodeURIComponent, except that a lone surrogate (which it rejects) is sent as %3F. */
function encodeSegment(text: string): string {
  return [...text]
    .map((character) => {
      try {
        return encodeURIComponent(character);
      } catch {
        return '%3F';
      }
    })
    .join('');
}

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { a: [value] };
  return value;
}

/** Builds objects with the schema's property names (and a stranger) set to hostile values. */
function schemaShaped(schema: JsonSchema | null): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys((schema?.properties as Record<string, unknown> | undefined) ?? {});
  const keys = [...names, 'unexpected_field', '__proto__'];
  return fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length });
}

export type HostileBody =
  { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string };

/** Builds request bodies for a route with `schema` as its JSON body schema (null when it has none). */
export function hostileBody(schema: JsonSchema | null): fc.Arbitrary<HostileBody> {
  return fc.oneof(
    schemaShaped(schema).map((value) => ({ kind: 'json' as const, value })),
    hostileValue.map((value) => ({ kind: 'json' as const, value })),
    fc.record({
      kind: fc.constant('raw' as const),
      text: fc.oneof(
        fc.constantFrom('{', '{"a":', '[1,2', 'null', '\u0000', '{"a":1}{"b":2}'),
        hostileString,
      ),
      contentType: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ),
    }),
  );
}

/**
 * Mostly absent, sometimes the real site, now and then hostile: the site is resolved before
 * anything else, so a hostile site on every request would hide the rest of the route.
 */
export function rarelyHostile<T>(real: T | null, hostile: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 7 },
    { arbitrary: fc.constant(real), weight: 2 },
    { arbitrary: hostile, weight: 1 },
  );
}

/** Query parameters: the route's own names and a stranger, each with a hostile value. */
export function hostileQuery(names: string[], site: string): fc.Arbitrary<Record<string, string>> {
  const keys = [...names.filter((name) => name !== 'site_id'), 'unexpected', 'cursor'];
  const value = hostileString.map((text) => text.slice(0, 4_000));
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length }),
      rarelyHostile(site, value),
    )
    .map(([query, siteId]) => (siteId === null ? query : { ...query, site_id: siteId }));
}

/** Header values Node accepts (visible ASCII), carrying traversal and injection text. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...TRAVERSAL.filter((text) => !text.includes('\u0000')),
    ...INJECTION,
    'bytes=0-',
    'bytes=-1',
    'bytes=999999999999-',
    'bytes=5-1',
    'bytes=0-1,2-3',
  ),
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 200,
  }),
);
