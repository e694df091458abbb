import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/**
 * The path Home Assistant Core adds as `X-Ingress-Path`: `/api/hassio_ingress/<token>`. Only
 * this exact shape is accepted, so a forged header can never point the page at another origin.
 */
const INGRESS_PATH = /^\/api\/hassio_ingress\/[A-Za-z0-9_-]{1,200}$/;

/** Largest HTML body rewritten; the portal's index.html is a few kilobytes. */
const MAX_HTML_BYTES = 1024 * 1024;

/** Return the ingress base path of an `X-Ingress-Path` header value, or undefined. */
export function ingressBasePath(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const trimmed = header.trim().replace(/\/+$/, '');
  return INGRESS_PATH.test(trimmed) ? trimmed : undefined;
}

/** Put `<base href="<basePath>/">` first in `<head>`, replacing a base element already there. */
export function withBaseHref(html: string, basePath: string): string {
  const element = `<base href="${basePath}/" />`;
  const withoutBase = html.replace(/<base\b[^>]*>/i, '');
  const head = /<head\b[^>]*>/i.exec(withoutBase);
  if (head === null) return `${element}${withoutBase}`;
  const end = head.index + head[0].length;
  return `${withoutBase.slice(0, end)}\n    ${element}${withoutBase.slice(end)}`;
}

/**
 * Serve HTML pages under Home Assistant ingress with the ingress path as their base URL, as
 * the Supervisor's documentation advises. The Supervisor strips `/api/hassio_ingress/<token>`
 * before the request reaches Centinela, so the browser must put it back on every relative URL.
 * The portal reads the base from `document.baseURI`, so its API and WebSocket URLs follow.
 * Register it only when Centinela runs as the add-on (CENTINELA_INGRESS).
 */
export function registerIngressBasePath(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const basePath = ingressBasePath(request.headers['x-ingress-path']);
    if (basePath === undefined || reply.statusCode !== 200) return payload;
    const contentType = reply.getHeader('content-type');
    if (typeof contentType !== 'string' || !contentType.startsWith('text/html')) return payload;

    const html = await payloadText(payload);
    if (html === undefined) return payload;
    // The body now differs from the file the validators describe, and from one ingress path
    // to another, so no cache may keep it.
    reply.removeHeader('content-length');
    reply.removeHeader('etag');
    reply.removeHeader('last-modified');
    reply.header('cache-control', 'no-store');
    return withBaseHref(html, basePath);
  });
}

async function payloadText(payload: unknown): Promise<string | undefined> {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  if (payload === null || typeof payload !== 'object' || !('pipe' in payload)) return undefined;

  // @fastify/static sends files as a stream; an HTML page is small enough to read whole.
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload as Readable) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_HTML_BYTES)
      throw new Error(`HTML page larger than ${MAX_HTML_BYTES} bytes under ingress`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
