/** Detail keys whose values are secrets; they are stored as "[REDACTED]". */
const SECRET_KEYS = new Set([
  'password',
  'current_password',
  'new_password',
  'one_time_password',
  'secret',
  'secret_key',
  'token',
  'access_token',
  'refresh_token',
  'code',
  'recovery_code',
  'recovery_codes',
  'otp',
  'totp',
  'authorization',
  'cookie',
  'api_key',
  'private_key',
  'rclone_config_pass',
]);

const MAX_DETAILS_BYTES = 16 * 1024;
const MAX_DEPTH = 8;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL accepts: no NUL characters and no unpaired UTF-16 surrogates. */
export function cleanText(value: string, maxLength: number): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD').slice(0, maxLength);
}

export function cleanOptionalText(
  value: string | null | undefined,
  maxLength: number,
): string | null {
  return value === null || value === undefined ? null : cleanText(value, maxLength);
}

/**
 * Make details safe to store and hash: secret keys redacted, only JSON values kept (dates as
 * ISO strings), text cleaned, nesting and size bounded. The result survives a jsonb round trip
 * unchanged, which the hash chain relies on.
 */
export function sanitizeDetails(
  details: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const cleaned = clean(details ?? {}, 0);
  const object =
    typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned)
      ? (cleaned as Record<string, unknown>)
      : {};
  const size = Buffer.byteLength(JSON.stringify(object));
  return size > MAX_DETAILS_BYTES ? { truncated: true, original_bytes: size } : object;
}

function clean(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return cleanText(value, 4000);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DEPTH || typeof value !== 'object') return null;
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => clean(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const cleanKey = cleanText(key, 100);
    result[cleanKey] = SECRET_KEYS.has(cleanKey.toLowerCase())
      ? '[REDACTED]'
      : clean(item, depth + 1);
  }
  return result;
}
