import { createHash } from 'node:crypto';

/** The fields of an audit row that its hash covers, as stored. */
export interface HashedFields {
  id: string;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  site_id: string | null;
  actor_id: string | null;
  actor_email: string | null;
  address: string | null;
  user_agent: string | null;
  action: string;
  resource: string | null;
  details: unknown;
  prev_hash: string | null;
}

/**
 * JSON with object keys sorted at every level and no whitespace, so the same value always
 * gives the same text, also after a round trip through PostgreSQL's jsonb (which reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** SHA-256 (hex) over the canonical JSON of a row, including the previous row's hash. */
export function hashEntry(fields: HashedFields): string {
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}
