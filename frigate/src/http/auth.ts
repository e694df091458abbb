import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { SimulatorUser, UserRole } from '../types';
import type { RequestUser } from './router';

export interface AuthSettings {
  users: SimulatorUser[];
  secret: string;
  sessionLength: number;
  refreshTime: number;
  cookieName: string;
  clock: () => number;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** HS256 JWT with Frigate's claims, in its order: `sub`, `role`, `exp`. */
export function signJwt(
  claims: { sub: string; role: string; exp: number },
  secret: string,
): string {
  const header = base64url(JSON.stringify({ alg: 'HS256' }));
  const payload = base64url(
    JSON.stringify({ sub: claims.sub, role: claims.role, exp: claims.exp }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Claims of a token signed with `secret`; undefined when the signature or shape is wrong. */
export function verifyJwt(token: string, secret: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown;
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function readCookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * The `Set-Cookie` Starlette writes for Frigate's login. Frigate passes the absolute expiry
 * time as `expires`, which Python's cookie module reads as seconds from now, so the cookie's
 * `expires` date lies decades ahead; the JWT's `exp` is what really ends the session.
 */
export function jwtCookie(
  name: string,
  token: string,
  expiration: number,
  nowSeconds: number,
): string {
  const expires = new Date((nowSeconds + expiration) * 1000).toUTCString();
  return `${name}=${token}; expires=${expires}; HttpOnly; Path=/; SameSite=lax`;
}

export function issueToken(
  settings: AuthSettings,
  user: string,
  role: UserRole,
): { token: string; expiration: number } {
  const expiration = Math.floor(settings.clock()) + settings.sessionLength;
  return { token: signJwt({ sub: user, role, exp: expiration }, settings.secret), expiration };
}

export interface AuthOutcome {
  user: RequestUser;
  /** A renewed cookie when a cookie token is close to expiry (never for Bearer tokens). */
  setCookie?: string;
}

/**
 * Frigate's `/auth` check for port 8971: a Bearer token first, else the cookie; claims
 * `sub`, `role` and `exp` must be present and `exp` in the future.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  settings: AuthSettings,
): AuthOutcome | undefined {
  let token: string | undefined;
  let source: 'bearer' | 'cookie' | undefined;
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    token = authorization.replace('Bearer ', '');
    source = 'bearer';
  } else {
    token = readCookie(headers, settings.cookieName);
    source = token === undefined ? undefined : 'cookie';
  }
  if (token === undefined) return undefined;
  const claims = verifyJwt(token, settings.secret);
  if (claims === undefined) return undefined;
  const { sub, role, exp } = claims;
  if (typeof sub !== 'string' || typeof role !== 'string' || typeof exp !== 'number')
    return undefined;
  const now = Math.floor(settings.clock());
  if (exp <= now) return undefined;
  const outcome: AuthOutcome = { user: { name: sub, role: role === 'admin' ? 'admin' : 'viewer' } };
  if (source === 'cookie' && exp - settings.refreshTime <= now) {
    const account = settings.users.find((candidate) => candidate.user === sub);
    if (account === undefined) return undefined;
    const renewed = issueToken(settings, sub, outcome.user.role);
    outcome.setCookie = jwtCookie(settings.cookieName, renewed.token, renewed.expiration, now);
  }
  return outcome;
}

/** nginx's stock page for a 401 from `auth_request`: HTML, and no `WWW-Authenticate`. */
export const nginxUnauthorizedPage = [
  '<html>',
  '<head><title>401 Authorization Required</title></head>',
  '<body>',
  '<center><h1>401 Authorization Required</h1></center>',
  '<hr><center>nginx</center>',
  '</body>',
  '</html>',
  '',
].join('\r\n');

export const nginxUnavailablePage = [
  '<html>',
  '<head><title>503 Service Temporarily Unavailable</title></head>',
  '<body>',
  '<center><h1>503 Service Temporarily Unavailable</h1></center>',
  '<hr><center>nginx</center>',
  '</body>',
  '</html>',
  '',
].join('\r\n');
