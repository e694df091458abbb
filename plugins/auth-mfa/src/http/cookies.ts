import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedTokens } from '../tokens/sessions';
import { safeEqual } from '../tokens/token-hash';

export const ACCESS_COOKIE = 'centinela_access';
export const REFRESH_COOKIE = 'centinela_refresh';
export const CSRF_COOKIE = 'centinela_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The refresh cookie is sent only to the auth routes, never to the rest of the API. */
const REFRESH_PATH = '/api/auth';
/** Shape of the path prefix Home Assistant's ingress proxy sends in X-Ingress-Path. */
const INGRESS_PATH = /^\/api\/hassio_ingress\/[A-Za-z0-9_-]{1,128}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const base = { secure: true, sameSite: 'strict', httpOnly: true } as const;

/**
 * Path of the refresh cookie as the browser sees the auth routes. Behind ingress the browser
 * calls `/api/hassio_ingress/<token>/api/auth/...`, so a bare `/api/auth` path would never
 * match and the portal could not refresh. The header only narrows where the browser sends
 * the cookie, so a forged value cannot widen access.
 */
function refreshPath(request: FastifyRequest): string {
  const prefix = request.headers['x-ingress-path'];
  return typeof prefix === 'string' && INGRESS_PATH.test(prefix) ? `${prefix}${REFRESH_PATH}` : REFRESH_PATH;
}

function secondsUntil(date: Date, now: Date): number {
  return Math.max(0, Math.floor((date.getTime() - now.getTime()) / 1000));
}

/**
 * Set the portal's cookies: httpOnly access and refresh tokens, and the CSRF token that the
 * portal's script reads and echoes in X-CSRF-Token (so it is not httpOnly).
 */
export function setSessionCookies(reply: FastifyReply, tokens: IssuedTokens, now: Date): void {
  reply.setCookie(ACCESS_COOKIE, tokens.accessToken, {
    ...base,
    path: '/',
    maxAge: secondsUntil(tokens.accessExpiresAt, now),
  });
  reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
    ...base,
    path: refreshPath(reply.request),
    maxAge: secondsUntil(tokens.refreshExpiresAt, now),
  });
  reply.setCookie(CSRF_COOKIE, tokens.csrfToken, {
    ...base,
    httpOnly: false,
    path: '/',
    maxAge: secondsUntil(tokens.refreshExpiresAt, now),
  });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(ACCESS_COOKIE, { ...base, path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { ...base, path: refreshPath(reply.request) });
  reply.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false, path: '/' });
}

export function cookie(request: FastifyRequest, name: string): string | undefined {
  const value = request.cookies?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function isSafeMethod(request: FastifyRequest): boolean {
  return SAFE_METHODS.has(request.method);
}

/**
 * Double-submit check for requests authenticated by cookie: the X-CSRF-Token header must equal
 * the centinela_csrf cookie, and both must be the token of the session in use.
 */
export function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const header = request.headers[CSRF_HEADER];
  const fromCookie = cookie(request, CSRF_COOKIE);
  if (typeof header !== 'string' || fromCookie === undefined) return false;
  return safeEqual(header, fromCookie) && safeEqual(header, expected);
}
