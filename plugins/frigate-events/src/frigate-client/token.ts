/** Frigate's default `auth.cookie_name`. */
export const DEFAULT_COOKIE_NAME = 'frigate_token';

/** Seconds before `exp` at which the token is replaced; Frigate never refreshes a Bearer token. */
export const REFRESH_MARGIN_SECONDS = 3600;

/** A JWT from `POST /api/login` and when to replace it. */
export interface FrigateToken {
  jwt: string;
  /** Epoch seconds of the `exp` claim; null when the token has none. */
  expiresAt: number | null;
  /** Epoch seconds after which the next request logs in again first. */
  refreshAt: number | null;
}

/**
 * Read the token from the `Set-Cookie` headers of a login response: the `frigate_token` cookie,
 * else the first cookie whose value is a JWT (Frigate lets users rename the cookie).
 */
export function tokenFromSetCookie(
  header: string | string[] | undefined,
  nowSeconds: number,
): FrigateToken | null {
  const cookies = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const pairs = cookies
    .map((cookie) => cookie.split(';')[0] ?? '')
    .map((pair) => {
      const index = pair.indexOf('=');
      return index < 0
        ? null
        : { name: pair.slice(0, index).trim(), value: pair.slice(index + 1).trim() };
    })
    .filter((pair): pair is { name: string; value: string } => pair !== null && pair.value !== '');
  const chosen =
    pairs.find((pair) => pair.name === DEFAULT_COOKIE_NAME) ??
    pairs.find((pair) => isJwt(pair.value));
  if (chosen === undefined) return null;
  return tokenFromJwt(chosen.value, nowSeconds);
}

export function tokenFromJwt(jwt: string, nowSeconds: number): FrigateToken {
  const expiresAt = jwtExpiry(jwt);
  if (expiresAt === null) return { jwt, expiresAt: null, refreshAt: null };
  // Short-lived tokens (tests, custom session_length) are replaced at half their remaining life.
  const margin = Math.min(REFRESH_MARGIN_SECONDS, Math.max(0, (expiresAt - nowSeconds) / 2));
  return { jwt, expiresAt, refreshAt: expiresAt - margin };
}

function isJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}

/** Read the `exp` claim of a JWT without verifying the signature (Frigate verifies it). */
export function jwtExpiry(jwt: string): number | null {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null) {
      const exp = (claims as Record<string, unknown>).exp;
      if (typeof exp === 'number' && Number.isFinite(exp)) return exp;
    }
  } catch {
    return null;
  }
  return null;
}
