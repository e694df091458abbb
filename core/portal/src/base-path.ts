/**
 * Base path of the portal as the browser sees it, with no trailing slash: `''` when the core
 * serves the portal at the origin root, `/api/hassio_ingress/<token>` behind Home Assistant
 * ingress. Every API, media and WebSocket URL is prefixed with it, so nothing points at the
 * origin root. Routing uses the URL hash (`#/events`), so the path never changes after load.
 *
 * `documentUrl` is `document.baseURI`: the page URL, or the `<base href>` a server injected.
 */
export function basePathFrom(documentUrl: string): string {
  const { pathname } = new URL(documentUrl, 'http://localhost/');
  let path = pathname;
  // The page itself may be addressed by file name (`/index.html`); drop that last segment.
  const lastSlash = path.lastIndexOf('/');
  const lastSegment = path.slice(lastSlash + 1);
  if (lastSegment.endsWith('.html') || lastSegment.endsWith('.htm')) {
    path = path.slice(0, lastSlash + 1);
  }
  return path.replace(/\/+$/, '');
}

/** Joins the base path and an API path such as `/api/auth/me`. */
export function withBase(basePath: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
  return `${basePath}${path.startsWith('/') ? path : `/${path}`}`;
}
