import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serializes a value with the JSON Canonicalization Scheme (RFC 8785): members sorted by UTF-16
 * code units, no whitespace, ECMAScript number formatting. Members whose value is undefined are
 * left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('The value has no JSON representation.');
  return text;
}

/** UTF-8 bytes of `canonicalJson(value)`: the exact bytes that get signed or hashed. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
