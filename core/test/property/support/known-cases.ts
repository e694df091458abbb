import type { HostileBody } from './hostile';
import type { RouteUnderTest } from './route-table';

/**
 * Values that reached a 5xx at least once, tried on every route before the random requests.
 * JSON Schema coercion turns `Infinity` and `1e309` into Infinity, and Ajv 8.20 then skips
 * `minimum` and `maximum`. PostgreSQL rejects NUL characters in parameters with a protocol
 * error. Traversal and a non-ASCII name complete the list.
 */
export const KNOWN_QUERY_VALUES = [
  'Infinity',
  '-Infinity',
  '1e309',
  'a\u0000b',
  '../../../../etc/passwd',
  'cámara_ñ',
];
const KNOWN_SEGMENTS = ['Infinity', '%00', 'a%00b', '..%2F..%2Fetc%2Fpasswd', 'c%C3%A1mara'];
const KNOWN_BODY_VALUES = ['1e309', '-1e309', '"a\\u0000b"', '"../../../../etc/passwd"'];

export interface KnownCase {
  params: string[];
  query: Record<string, string>;
  body: HostileBody | null;
}

/** Builds one request per known value in each path parameter, query parameter and body field. */
export function knownCases(route: RouteUnderTest): KnownCase[] {
  const base = (): KnownCase => ({
    params: route.params.map(() => '00000000-0000-4000-8000-000000000000'),
    query: {},
    body: null,
  });
  const cases: KnownCase[] = [];
  route.params.forEach((_name, index) => {
    for (const segment of KNOWN_SEGMENTS) {
      const known = base();
      known.params[index] = segment;
      cases.push(known);
    }
  });
  for (const name of Object.keys(route.query)) {
    for (const value of KNOWN_QUERY_VALUES) cases.push({ ...base(), query: { [name]: value } });
  }
  const fields = Object.keys((route.body?.properties as Record<string, unknown> | undefined) ?? {});
  for (const field of fields) {
    for (const value of KNOWN_BODY_VALUES) {
      cases.push({
        ...base(),
        body: { kind: 'raw', text: `{"${field}": ${value}}`, contentType: 'application/json' },
      });
    }
  }
  return cases;
}
