import { generate } from 'otplib';

/** A signed-in API client for arranging test data; the browser never sees its token. */
export interface ApiSession {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Logs in over the API with a bearer token (no cookies, so no CSRF header is needed). */
export async function apiLogin(
  url: string,
  email: string,
  password: string,
  code?: string,
): Promise<ApiSession> {
  const login = await call<{ access_token: string }>(url, 'POST', '/api/auth/login', undefined, {
    email,
    password,
    ...(code === undefined ? {} : { code }),
  });
  const authorization = `Bearer ${login.access_token}`;
  return {
    get: (path) => call(url, 'GET', path, authorization),
    send: (method, path, body) => call(url, method, path, authorization, body),
  };
}

async function call<T>(
  url: string,
  method: string,
  path: string,
  authorization: string | undefined,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== undefined) headers['authorization'] = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} returned ${response.status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/**
 * The TOTP code of `secret`, `stepsAhead` 30-second steps from now. The server accepts one
 * step of drift and never the same step twice, so a second login right after an enrollment
 * uses the next step's code.
 */
export function totpCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}
