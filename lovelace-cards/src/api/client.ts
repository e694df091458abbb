import { CentinelaApiError, errorFromResponse } from './errors';
import {
  DEFAULT_RECONNECT_DELAYS,
  TopicSubscription,
  type ReconnectDelays,
  type Subscription,
  type SubscriptionHandlers,
} from './subscription';
import type {
  Camera,
  CentinelaEvent,
  CurrentUser,
  EventQuery,
  EvidenceExport,
  EvidenceExportRequest,
  Page,
  ReviewItem,
  ReviewQuery,
} from './types';
import {
  apiUrl,
  credentialsFor,
  normalizeBaseUrl,
  readCookie,
  webSocketUrl,
  withQuery,
  type PageLocation,
  type Query,
} from './urls';

export const CSRF_COOKIE = 'centinela_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
export const SITE_HEADER = 'X-Centinela-Site';

export interface CentinelaClientOptions {
  /**
   * API location. `''` (default) is the page's own origin with the portal's cookies. It may
   * also be another origin such as `http://nvr.lan:8080`, or a path such as an ingress path.
   */
  baseUrl?: string;
  /** A Centinela API access token, sent as `Authorization: Bearer`. Without it cookies are used. */
  token?: string;
  /** Sent as `X-Centinela-Site`; the server picks its first site when absent. */
  siteId?: string;
  fetch?: typeof fetch;
  webSocket?: typeof WebSocket;
  /** Source of the cookie string for the CSRF header; defaults to `document.cookie`. */
  cookies?: () => string;
  location?: PageLocation;
  reconnectDelays?: ReconnectDelays;
}

/** REST and WebSocket client of the Centinela API for the cards and the portal. */
export class CentinelaClient {
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly siteId: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly options: CentinelaClientOptions;

  constructor(options: CentinelaClientOptions = {}) {
    this.options = options;
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? '');
    this.token = options.token === '' ? undefined : options.token;
    this.siteId = options.siteId === '' ? undefined : options.siteId;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  url(path: string, query?: Query): string {
    return apiUrl(this.baseUrl, path, query);
  }

  /**
   * URL for an `<img>` or `<video>` element, which cannot send an `Authorization` header, so
   * a bearer token travels as the `access_token` query parameter.
   */
  mediaUrl(path: string, query: Query = {}): string {
    // TODO: the API documents `access_token` in the query only for `/api/ws`. Token-based
    // cards need media routes to accept it too, or signed links from the server.
    return apiUrl(this.baseUrl, path, { ...query, access_token: this.token });
  }

  cameraStillUrl(camera: Camera, version?: number): string {
    return this.mediaUrl(camera.snapshot_url, { v: version });
  }

  thumbnailUrl(event: CentinelaEvent): string {
    return this.mediaUrl(event.thumbnail_url);
  }

  snapshotUrl(event: CentinelaEvent): string {
    return this.mediaUrl(event.snapshot_url);
  }

  clipUrl(event: CentinelaEvent): string {
    return this.mediaUrl(event.clip_url);
  }

  listCameras(signal?: AbortSignal): Promise<Page<Camera>> {
    return this.request<Page<Camera>>('GET', '/api/cameras', { signal });
  }

  listEvents(query: EventQuery = {}, signal?: AbortSignal): Promise<Page<CentinelaEvent>> {
    return this.request<Page<CentinelaEvent>>('GET', '/api/events', {
      query: { ...query },
      signal,
    });
  }

  getEvent(id: string, signal?: AbortSignal): Promise<CentinelaEvent> {
    return this.request<CentinelaEvent>('GET', `/api/events/${encodeURIComponent(id)}`, { signal });
  }

  listReviews(query: ReviewQuery = {}, signal?: AbortSignal): Promise<Page<ReviewItem>> {
    return this.request<Page<ReviewItem>>('GET', '/api/reviews', { query: { ...query }, signal });
  }

  me(signal?: AbortSignal): Promise<CurrentUser> {
    return this.request<CurrentUser>('GET', '/api/auth/me', { signal });
  }

  /** Exports an event as evidence; the same `idempotencyKey` makes a retry return the first export. */
  exportEvidence(request: EvidenceExportRequest, idempotencyKey?: string): Promise<EvidenceExport> {
    const headers: Record<string, string> = {};
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    return this.request<EvidenceExport>('POST', '/api/evidence/export', { body: request, headers });
  }

  /**
   * Subscribes to topics of `/api/ws` such as `events:<site_id>`. Pass `since` to receive
   * the messages after that sequence number first; reconnects resume the same way.
   */
  subscribe(
    topic: string | string[],
    since: number | undefined,
    handlers: SubscriptionHandlers,
  ): Subscription {
    const webSocket = this.options.webSocket ?? globalThis.WebSocket;
    const topics = Array.isArray(topic) ? topic : [topic];
    const location = this.options.location ?? globalThis.location;
    const url = () => webSocketUrl(this.baseUrl, location, this.token);
    const delays = this.options.reconnectDelays ?? DEFAULT_RECONNECT_DELAYS;
    return new TopicSubscription(url, topics, since, handlers, webSocket, delays).start();
  }

  private headers(method: string, extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    if (this.token !== undefined) headers['Authorization'] = `Bearer ${this.token}`;
    if (this.siteId !== undefined) headers[SITE_HEADER] = this.siteId;
    if (method !== 'GET' && this.token === undefined) {
      const csrf = readCookie(this.cookieString(), CSRF_COOKIE);
      if (csrf !== undefined) headers[CSRF_HEADER] = csrf;
    }
    return headers;
  }

  private cookieString(): string {
    if (this.options.cookies !== undefined) return this.options.cookies();
    return typeof document === 'undefined' ? '' : document.cookie;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    init: {
      query?: Query;
      body?: unknown;
      headers?: Record<string, string>;
      signal?: AbortSignal | undefined;
    },
  ): Promise<T> {
    const url = withQuery(this.url(path), init.query);
    const extra: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) extra['Content-Type'] = 'application/json';
    const requestInit: RequestInit = {
      method,
      headers: this.headers(method, extra),
      credentials: credentialsFor(this.baseUrl, this.token),
    };
    if (init.body !== undefined) requestInit.body = JSON.stringify(init.body);
    if (init.signal !== undefined) requestInit.signal = init.signal;
    let response: Response;
    try {
      response = await this.fetchImpl(url, requestInit);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new CentinelaApiError(`Could not reach ${url}: ${String(error)}`, 0, url);
    }
    if (!response.ok) throw await errorFromResponse(response, url);
    return (await response.json()) as T;
  }
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}
