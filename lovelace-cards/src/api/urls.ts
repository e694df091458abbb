/** URL building for the Centinela API, kept free of DOM access so that it is testable in Node. */

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Normalises the base URL: `''` means the page's own origin, a path such as
 * `/api/hassio_ingress/<token>` is an ingress prefix, and `http(s)://host:port` is another
 * origin. Trailing slashes are removed so that `base + '/api/...'` is always well formed.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

export function isAbsoluteUrl(url: string): boolean {
  return ABSOLUTE_URL.test(url);
}

/** Appends the defined query values to a URL that may already carry a query string. */
export function withQuery(url: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const encoded = params.toString();
  if (encoded === '') return url;
  const hashIndex = url.indexOf('#');
  const head = hashIndex === -1 ? url : url.slice(0, hashIndex);
  const hash = hashIndex === -1 ? '' : url.slice(hashIndex);
  return `${head}${head.includes('?') ? '&' : '?'}${encoded}${hash}`;
}

/**
 * Builds the URL of an API path such as `/api/events`. Paths returned by the API
 * (`snapshot_url`, `clip_url`) are server-root relative, so they get the same prefix;
 * absolute URLs are kept as they are.
 */
export function apiUrl(baseUrl: string, path: string, query?: Query): string {
  if (isAbsoluteUrl(path)) return withQuery(path, query);
  const base = normalizeBaseUrl(baseUrl);
  const rootPath = path.startsWith('/') ? path : `/${path}`;
  return withQuery(`${base}${rootPath}`, query);
}

export interface PageLocation {
  protocol: string;
  host: string;
}

/** Builds the `ws:`/`wss:` URL of `/api/ws` for a base URL seen from the given page location. */
export function webSocketUrl(
  baseUrl: string,
  location: PageLocation,
  accessToken?: string,
): string {
  const base = normalizeBaseUrl(baseUrl);
  let httpUrl: string;
  if (isAbsoluteUrl(base)) {
    httpUrl = `${base}/api/ws`;
  } else {
    httpUrl = `${location.protocol}//${location.host}${base}/api/ws`;
  }
  const wsUrl = httpUrl.replace(/^http(s?):/i, (_match, secure: string) => `ws${secure}:`);
  return withQuery(wsUrl, { access_token: accessToken });
}

/**
 * Chooses the fetch credentials mode: a bearer token needs no cookies, a same-origin base
 * (portal, ingress path) sends the session cookies, and another origin needs `include`.
 */
export function credentialsFor(baseUrl: string, token: string | undefined): RequestCredentials {
  if (token !== undefined && token !== '') return 'omit';
  return isAbsoluteUrl(normalizeBaseUrl(baseUrl)) ? 'include' : 'same-origin';
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
