import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { FrigateAuthError, FrigateBodyError, FrigateHttpError } from './errors';
import { classifyTransportError, frigateMessage, readSnippet } from './http';
import { tokenFromSetCookie, type FrigateToken } from './token';
import { parseFrigateVersion, type FrigateVersion } from './version';

export interface FrigateClientOptions {
  /** Base URL without a trailing slash, e.g. `http://frigate:5000` or `https://frigate:8971`. */
  baseUrl: string;
  /** With a password: log in through `POST /api/login` and send the JWT as Bearer. */
  user?: string | undefined;
  password?: string | undefined;
  /** Accept self-signed certificates (Frigate's 8971 default). */
  tlsInsecure: boolean;
  log: Logger;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Maximum silence between two body chunks. */
  bodyTimeoutMs?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface SendOptions {
  query?: Record<string, QueryValue>;
  /** JSON request body. */
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Skip nginx's 5-second JSON micro-cache (sends `X-Cache-Bypass: 1`). */
  bypassCache?: boolean;
}

/** A response whose body the caller reads (or destroys). */
export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** undici's body: a Readable with `text()`, `json()` and `dump()`. */
  body: Dispatcher.ResponseData['body'];
}

export const CONNECT_TIMEOUT_MS = 5_000;
export const HEADERS_TIMEOUT_MS = 10_000;
export const BODY_TIMEOUT_MS = 30_000;
/** Port 5000 is Frigate's unauthenticated port; logging in there loops on 401. */
const UNAUTHENTICATED_PORT = '5000';

/**
 * HTTP client for one Frigate instance (undici). Without credentials it talks to port 5000
 * as is; with FRIGATE_USER/FRIGATE_PASSWORD it logs in, sends the `frigate_token` JWT as
 * Bearer, logs in again on a 401 (nginx sends those with an HTML body) and about an hour
 * before the token's `exp`. Credentials and tokens are never logged.
 */
export class FrigateClient {
  readonly baseUrl: string;
  private readonly agent: Agent;
  private readonly log: Logger;
  private readonly user: string | undefined;
  private readonly password: string | undefined;
  private readonly headersTimeoutMs: number;
  private token: FrigateToken | null = null;
  private pendingLogin: Promise<FrigateToken> | null = null;
  private closed = false;

  constructor(options: FrigateClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.log = options.log;
    this.headersTimeoutMs = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
    const port = new URL(this.baseUrl).port;
    const hasCredentials = options.user !== undefined && options.password !== undefined;
    if (hasCredentials && port === UNAUTHENTICATED_PORT) {
      this.log.info(
        { url: this.baseUrl },
        'Frigate on port 5000 needs no login; FRIGATE_USER is not used',
      );
    }
    this.user = hasCredentials && port !== UNAUTHENTICATED_PORT ? options.user : undefined;
    this.password = this.user === undefined ? undefined : options.password;
    this.agent = new Agent({
      connect: {
        timeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
        rejectUnauthorized: !options.tlsInsecure,
      },
      headersTimeout: this.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs ?? BODY_TIMEOUT_MS,
    });
  }

  /** Whether requests carry a Bearer token from `POST /api/login`. */
  get usesLogin(): boolean {
    return this.user !== undefined;
  }

  /** Send a request; a 401 with login enabled logs in once more and repeats it. */
  async send(method: string, path: string, options: SendOptions = {}): Promise<UpstreamResponse> {
    for (let attempt = 0; ; attempt += 1) {
      const token = this.usesLogin ? await this.currentToken(attempt > 0) : null;
      const headers: Record<string, string> = { ...options.headers };
      if (token !== null) headers.authorization = `Bearer ${token.jwt}`;
      if (options.bypassCache === true) headers['x-cache-bypass'] = '1';
      if (options.json !== undefined) headers['content-type'] = 'application/json';
      let response: UpstreamResponse;
      try {
        response = await request(this.url(path, options.query), {
          method: method as 'GET',
          headers,
          body: options.json === undefined ? null : JSON.stringify(options.json),
          dispatcher: this.agent,
          signal: options.signal ?? null,
          headersTimeout: options.headersTimeoutMs ?? this.headersTimeoutMs,
          ...(options.bodyTimeoutMs === undefined ? {} : { bodyTimeout: options.bodyTimeoutMs }),
        });
      } catch (error) {
        throw classifyTransportError(error, path);
      }
      if (response.statusCode !== 401 || token === null) return response;
      await response.body.dump().catch(() => undefined);
      if (attempt > 0)
        throw new FrigateAuthError(`Frigate returned 401 for ${path} right after a login`);
      if (this.token?.jwt === token.jwt) this.token = null;
      this.log.info({ path }, 'Frigate returned 401; logging in again');
    }
  }

  /** GET a JSON document; any status but 200 raises FrigateHttpError. */
  async getJson(path: string, options: SendOptions = {}): Promise<unknown> {
    const response = await this.send('GET', path, {
      ...options,
      headers: { accept: 'application/json', ...options.headers },
    });
    return this.readJson(response, path);
  }

  /** GET a JSON document, or null on 404 (unknown event or review). */
  async getJsonOrNull(path: string, options: SendOptions = {}): Promise<unknown> {
    const response = await this.send('GET', path, {
      ...options,
      headers: { accept: 'application/json', ...options.headers },
    });
    if (response.statusCode === 404) {
      await response.body.dump().catch(() => undefined);
      return null;
    }
    return this.readJson(response, path);
  }

  /** POST (or DELETE) with an optional JSON body and return the parsed response. */
  async sendJson(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    json?: unknown,
  ): Promise<unknown> {
    const response = await this.send(method, path, json === undefined ? {} : { json });
    return this.readJson(response, path);
  }

  /** Open a media response for streaming; the caller handles the status and reads the body. */
  openStream(path: string, options: SendOptions = {}): Promise<UpstreamResponse> {
    return this.send('GET', path, options);
  }

  /** `GET /api/version`, parsed to its leading `major.minor.patch`. */
  async version(signal?: AbortSignal): Promise<FrigateVersion> {
    const response = await this.send('GET', '/api/version', signal === undefined ? {} : { signal });
    if (response.statusCode !== 200) {
      throw new FrigateHttpError(
        response.statusCode,
        '/api/version',
        await readSnippet(response.body),
      );
    }
    const text = await readText(response, '/api/version');
    const version = parseFrigateVersion(text);
    if (version === null)
      throw new FrigateBodyError(
        `a version text that does not start with x.y.z ("${text.slice(0, 40)}")`,
      );
    return version;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Streams still running (a clip download) get two seconds to finish, then are cut.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 2000);
    });
    const result = await Promise.race([this.agent.close().then(() => 'closed' as const), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') await this.agent.destroy().catch(() => undefined);
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined)
        search.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    }
    const text = search.toString();
    return `${this.baseUrl}${path}${text === '' ? '' : `?${text}`}`;
  }

  private async readJson(response: UpstreamResponse, path: string): Promise<unknown> {
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new FrigateHttpError(response.statusCode, path, await readSnippet(response.body));
    }
    const text = await readText(response, path);
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new FrigateBodyError('a body that is not JSON');
    }
  }

  private async currentToken(forceLogin: boolean): Promise<FrigateToken> {
    const now = Date.now() / 1000;
    const token = this.token;
    if (!forceLogin && token !== null && (token.refreshAt === null || now < token.refreshAt))
      return token;
    this.pendingLogin ??= this.login().finally(() => {
      this.pendingLogin = null;
    });
    return this.pendingLogin;
  }

  private async login(): Promise<FrigateToken> {
    let response: UpstreamResponse;
    try {
      response = await request(this.url('/api/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ user: this.user, password: this.password }),
        dispatcher: this.agent,
      });
    } catch (error) {
      throw classifyTransportError(error, '/api/login');
    }
    if (response.statusCode === 401 || response.statusCode === 403) {
      const message = frigateMessage(await readSnippet(response.body));
      this.log.warn({ user: this.user, status: response.statusCode }, 'Frigate login rejected');
      throw new FrigateAuthError(
        `Frigate rejected the login of user "${this.user}" (${message || response.statusCode})`,
      );
    }
    if (response.statusCode === 429) {
      await response.body.dump().catch(() => undefined);
      throw new FrigateAuthError(
        'Frigate rate-limited the login (HTTP 429); wait before trying again',
      );
    }
    if (response.statusCode !== 200) {
      throw new FrigateHttpError(
        response.statusCode,
        '/api/login',
        await readSnippet(response.body),
      );
    }
    await response.body.dump().catch(() => undefined);
    const token = tokenFromSetCookie(response.headers['set-cookie'], Date.now() / 1000);
    if (token === null)
      throw new FrigateAuthError('the login response carried no frigate_token cookie');
    this.token = token;
    this.log.info({ user: this.user, expiresAt: token.expiresAt }, 'logged in to Frigate');
    return token;
  }
}

/** Read the whole body as text. A body that stalls or breaks off fails like the request itself. */
async function readText(response: UpstreamResponse, path: string): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw classifyTransportError(error, path);
  }
}
