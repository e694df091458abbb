import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import type { DownMode, FaultController } from '../faults';
import type { SimulatorLogger } from '../logger';
import { ValidationFailure } from '../query/params';
import {
  authenticate,
  nginxUnauthorizedPage,
  nginxUnavailablePage,
  type AuthSettings,
} from './auth';
import { MicroCache, type CacheStatus } from './micro-cache';
import { bytes, json, notFoundRoute, type HttpResult } from './results';
import type { RequestContext, RequestUser, Router } from './router';
import { sendResult } from './send';

interface Listener {
  server: Server;
  host: string;
  port: number;
  requireAuth: boolean;
  cache: MicroCache;
  listening: boolean;
}

export interface ApiServerOptions {
  router: Router;
  auth: AuthSettings | undefined;
  faults: FaultController;
  clock: () => number;
  logger: SimulatorLogger;
  /** Called for every request that reaches a listener, before any fault or auth check. */
  onRequest?: (request: IncomingMessage, authenticatedPort: boolean) => void;
}

const anonymous: RequestUser = { name: 'anonymous', role: 'admin' };
/** nginx only adds `add_header` values to these statuses (no `always` in Frigate's config). */
const successStatuses = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);
const maxBodyBytes = 1_000_000;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function statusOf(result: HttpResult): number {
  return result.kind === 'file' ? 200 : result.status;
}

/**
 * The simulator's front: one listener per port, each playing nginx in front of Frigate's API
 * (auth check on the 8971-style port, JSON micro-cache, `Cache-Control: no-store` on `/api/`).
 */
export class ApiServer {
  private readonly listeners: Listener[] = [];

  constructor(private readonly options: ApiServerOptions) {}

  async listen(host: string, port: number, requireAuth: boolean): Promise<string> {
    const listener: Listener = {
      server: createServer((request, response) => {
        void this.handle(listener, request, response);
      }),
      host,
      port,
      requireAuth,
      cache: new MicroCache(this.options.clock),
      listening: false,
    };
    await this.open(listener);
    this.listeners.push(listener);
    return `http://${host.includes(':') ? `[${host}]` : host}:${listener.port}`;
  }

  private async open(listener: Listener): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      listener.server.once('error', reject);
      listener.server.listen(listener.port, listener.host, () => {
        listener.server.off('error', reject);
        listener.port = (listener.server.address() as AddressInfo).port;
        resolve();
      });
    });
    listener.listening = true;
  }

  private async shut(listener: Listener): Promise<void> {
    if (!listener.listening) return;
    listener.listening = false;
    await new Promise<void>((resolve) => {
      listener.server.close(() => resolve());
      listener.server.closeAllConnections();
    });
  }

  /** Fault `down`: stop listening (connections refused) or keep listening and answer 503. */
  async setDown(down: boolean, mode: DownMode): Promise<void> {
    for (const listener of this.listeners) {
      if (down && mode === 'refuse') await this.shut(listener);
      else if (!listener.listening) await this.open(listener);
    }
  }

  async close(): Promise<void> {
    for (const listener of this.listeners) await this.shut(listener);
  }

  private async handle(
    listener: Listener,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const { faults, logger } = this.options;
    this.options.onRequest?.(request, listener.requireAuth);
    try {
      if (faults.state.down) {
        await sendResult(request, response, bytes(503, nginxUnavailablePage, 'text/html'));
        return;
      }
      if (faults.state.slowMs > 0) await delay(faults.state.slowMs);
      await this.respond(listener, request, response);
    } catch (error) {
      logger.error({ err: error, method: request.method, url: request.url }, 'request failed');
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('Internal Server Error');
      } else response.destroy();
    }
  }

  private async respond(
    listener: Listener,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator.local');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    let user = anonymous;
    let setCookie: string | undefined;
    if (listener.requireAuth && path !== '/api/login') {
      const outcome =
        this.options.auth === undefined
          ? undefined
          : authenticate(request.headers, this.options.auth);
      if (outcome === undefined) {
        await sendResult(request, response, bytes(401, nginxUnauthorizedPage, 'text/html'));
        return;
      }
      user = outcome.user;
      setCookie = outcome.setCookie;
    }
    const isApi = path.startsWith('/api/');
    const isImage = isApi && /\.(jpg|jpeg|png|webp|gif)$/i.test(path);
    const cacheable =
      isApi && !isImage && path !== '/api/login' && (method === 'GET' || method === 'HEAD');
    const extra: Record<string, string> = {};
    if (setCookie !== undefined) extra['Set-Cookie'] = setCookie;
    let cacheStatus: CacheStatus | undefined;
    const cacheKey = `${path}${url.search}`;
    if (cacheable) {
      const bypassHeader = request.headers['x-cache-bypass'];
      const lookup = listener.cache.lookup(
        cacheKey,
        typeof bypassHeader === 'string' && bypassHeader !== '',
      );
      cacheStatus = lookup.status;
      if (lookup.cached !== undefined) {
        response.writeHead(lookup.cached.status, {
          ...lookup.cached.headers,
          ...extra,
          'X-Cache-Status': 'HIT',
        });
        response.end(method === 'HEAD' ? undefined : lookup.cached.body);
        return;
      }
    }
    const body = await readBody(request);
    const result = await this.route(method, path, url.searchParams, request, user, body);
    const status = statusOf(result);
    if (isApi && !isImage && successStatuses.has(status)) {
      result.headers = { 'Cache-Control': 'no-store', ...result.headers, ...extra };
      if (cacheStatus !== undefined) result.headers['X-Cache-Status'] = cacheStatus;
    } else result.headers = { ...result.headers, ...extra };
    if (cacheable && result.kind === 'json') {
      const payload = Buffer.from(JSON.stringify(result.body));
      const headers = {
        'Content-Type': 'application/json',
        'Content-Length': String(payload.length),
        ...result.headers,
      };
      listener.cache.store(cacheKey, result.status, 'application/json', payload, headers);
    }
    await sendResult(request, response, result);
  }

  private async route(
    method: string,
    path: string,
    query: URLSearchParams,
    request: IncomingMessage,
    user: RequestUser,
    rawBody: Buffer,
  ): Promise<HttpResult> {
    const found = this.options.router.match(method, path);
    if (found === undefined) return { ...notFoundRoute };
    if (found === 'methodNotAllowed') return json(405, { detail: 'Method Not Allowed' });
    const context: RequestContext = {
      method,
      path,
      query,
      params: found.params,
      headers: request.headers,
      user,
      body: parseJson(rawBody),
      rawBody,
    };
    try {
      return await found.handler(context);
    } catch (error) {
      if (error instanceof ValidationFailure) return json(422, { detail: error.issues });
      throw error;
    }
  }
}
