/**
 * PostgreSQL rejects two things that JSON and JavaScript strings can contain: the NUL character
 * (in text and in jsonb) and a lone UTF-16 surrogate (jsonb rejects its `\ud800` escape). One
 * such value fails the whole statement, so every string bound for the database passes here.
 */

const NUL = /\u0000/g;
// A high surrogate without a low one after it, or a low one without a high one before it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);
/**
 * Maximum nesting kept in raw and data. PostgreSQL parses jsonb recursively and fails past its
 * stack limit, while Frigate's own objects are a few levels deep.
 */
export const MAX_JSON_DEPTH = 100;

/** True when PostgreSQL would store the string unchanged. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !HAS_LONE_SURROGATE.test(text);
}

/** Drop NUL characters and replace lone surrogates with U+FFFD, as UTF-8 encoding would. */
export function cleanText(text: string): string {
  if (isStorableText(text)) return text;
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A copy of a parsed JSON value that PostgreSQL accepts as jsonb: keys and strings cleaned,
 * values nested deeper than MAX_JSON_DEPTH replaced with null. Objects are built with
 * `Object.fromEntries`, so a `__proto__` key stays a plain key.
 */
export function cleanJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [cleanText(key), cleanJson(item, depth + 1)]),
  );
}

/** `cleanJson` of an object, typed as one. */
export function cleanRecord(value: Record<string, unknown>): Record<string, unknown> {
  return cleanJson(value) as Record<string, unknown>;
}
