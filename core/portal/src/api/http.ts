import { withBase } from '../base-path';
import { ApiError, errorFromResponse } from './problem';

export const CSRF_COOKIE = 'centinela_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
export const SITE_HEADER = 'X-Centinela-Site';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Reads one cookie value from a `document.cookie` string. */
export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

export function withQuery(url: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const encoded = params.toString();
  if (encoded === '') return url;
  return `${url}${url.includes('?') ? '&' : '?'}${encoded}`;
}

/**
 * Cookie-authenticated JSON client of the Centinela API for the portal. Every URL gets the
 * portal's base path, and every non-GET request echoes the `centinela_csrf` cookie in
 * `X-CSRF-Token`. A 401 on a signed-in request triggers one refresh and one retry; when that
 * fails too, `onSessionLost` runs so that the app can show the login screen.
 */
export class PortalHttp {
  siteId: string | undefined;
  onSessionLost: (() => void) | undefined;
  private refreshing: Promise<boolean> | undefined;

  constructor(
    readonly basePath: string,
    private readonly cookies: () => string = () => document.cookie,
  ) {}

  url(path: string, query?: Query): string {
    return withQuery(withBase(this.basePath, path), query);
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    let response = await this.send(method, path, options);
    if (response.status === 401 && !isAuthPath(path)) {
      if (await this.refreshOnce()) response = await this.send(method, path, options);
      if (response.status === 401) this.onSessionLost?.();
    }
    if (!response.ok) throw await errorFromResponse(response);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('json')) return (await response.text()) as T;
    return (await response.json()) as T;
  }

  /** Runs one `POST /api/auth/refresh` at a time and shares its result with concurrent callers. */
  private refreshOnce(): Promise<boolean> {
    if (this.refreshing === undefined) {
      this.refreshing = this.send('POST', '/api/auth/refresh', { body: {} })
        .then((response) => response.ok)
        .catch(() => false)
        .finally(() => {
          this.refreshing = undefined;
        });
    }
    return this.refreshing;
  }

  private async send(method: Method, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.siteId !== undefined) headers[SITE_HEADER] = this.siteId;
    if (method !== 'GET') {
      const csrf = readCookie(this.cookies(), CSRF_COOKIE);
      if (csrf !== undefined) headers[CSRF_HEADER] = csrf;
    }
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    if (options.signal !== undefined) init.signal = options.signal;
    const url = this.url(path, options.query);
    try {
      return await fetch(url, init);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(`Could not reach the server (${url}).`, 0);
    }
  }
}

/** Login, refresh and logout answer 401 for their own reasons; refreshing would not help. */
function isAuthPath(path: string): boolean {
  return /^\/api\/auth\/(login|refresh|logout)$/.test(path);
}
