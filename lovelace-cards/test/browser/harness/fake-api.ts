import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Camera, CentinelaEvent, ReviewItem, Role } from '../../../src/api/types';
import { fixtureCameras, fixtureEvents, fixtureReviews, fixtureUser } from './api-fixtures';
import type { MediaFixtures } from './media';
import { TEST_PAGE_HTML } from './test-page';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

interface Subscriber {
  socket: WebSocket;
  topics: Set<string>;
}

interface BufferedMessage {
  topic: string;
  seq: number;
  data: unknown;
}

/** Ingress prefix the tests use and the session the stub `hass` hands out. */
export const INGRESS_PATH = /^\/api\/hassio_ingress\/[A-Za-z0-9_-]+/;
export const INGRESS_SESSION = 'ingress-session-1';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'));

/**
 * A small Centinela API on 127.0.0.1 that returns the documented shapes from fixtures, with
 * the cards bundle, a test page, media from ffmpeg and `/api/ws`. It also plays Home
 * Assistant's `/api/camera_proxy/<entity>` so that `hass.hassUrl` can point at it.
 */
export class FakeCentinelaApi {
  readonly requests: RecordedRequest[] = [];
  role: Role = 'Admin';
  cameras: Camera[];
  events: CentinelaEvent[];
  reviews: ReviewItem[];
  /** Paths that answer 503, to show the cards' error states. */
  readonly failingPaths = new Set<string>();
  /** When true, WebSocket upgrades are refused, as while the server restarts. */
  rejectWebSockets = false;
  /** Sockets that sent a subscribe message, newest last. */
  readonly subscribers: Subscriber[] = [];
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private seq = 100;
  private readonly buffer: BufferedMessage[] = [];
  private port = 0;

  constructor(
    private readonly bundle: Uint8Array,
    private readonly media: MediaFixtures,
    readonly now = Date.now(),
  ) {
    this.cameras = fixtureCameras(now);
    this.events = fixtureEvents(now, 24);
    this.reviews = fixtureReviews(this.events);
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('upgrade', (request, socket, head) => {
      const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.replace(
        INGRESS_PATH,
        '',
      );
      if (pathname !== '/api/ws' || this.rejectWebSockets) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(ws, request));
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Sends a message to every socket subscribed to `topic` and keeps it for `since` replays. */
  push(topic: string, data: unknown): number {
    this.seq += 1;
    const message: BufferedMessage = { topic, seq: this.seq, data };
    this.buffer.push(message);
    for (const subscriber of this.subscribers) {
      if (subscriber.topics.has(topic))
        subscriber.socket.send(JSON.stringify({ type: 'message', ...message }));
    }
    return this.seq;
  }

  private attach(socket: WebSocket, request: IncomingMessage): void {
    this.record(request, undefined);
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as {
        type: string;
        topics?: string[];
        since?: number;
      };
      if (message.type !== 'subscribe' || message.topics === undefined) return;
      const subscriber = { socket, topics: new Set(message.topics) };
      this.subscribers.push(subscriber);
      socket.send(JSON.stringify({ type: 'subscribed', topics: message.topics, seq: this.seq }));
      const since = message.since;
      if (since === undefined) return;
      for (const buffered of this.buffer) {
        if (buffered.seq > since && subscriber.topics.has(buffered.topic)) {
          socket.send(JSON.stringify({ type: 'message', ...buffered }));
        }
      }
    });
    socket.on('close', () => {
      const index = this.subscribers.findIndex((subscriber) => subscriber.socket === socket);
      if (index !== -1) this.subscribers.splice(index, 1);
    });
  }

  private record(request: IncomingMessage, body: unknown): RecordedRequest {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    };
    this.requests.push(recorded);
    return recorded;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text !== '' ? (JSON.parse(text) as unknown) : undefined;
    const recorded = this.record(request, body);
    let path = recorded.path;
    const ingress = INGRESS_PATH.exec(path);
    if (ingress !== null) {
      // Stands in for the Supervisor: ingress requests need the session cookie.
      if (!(request.headers.cookie ?? '').includes(`ingress_session=${INGRESS_SESSION}`)) {
        return send(response, 401, 'text/plain', '401: Unauthorized');
      }
      path = path.slice(ingress[0].length);
    }
    const query = recorded.query;
    let match: RegExpExecArray | null;

    if (this.failingPaths.has(path)) {
      return json(response, 503, {
        type: 'urn:centinela:problem:CEN_ERR_DB_UNAVAILABLE',
        title: 'Service unavailable',
        status: 503,
        detail: 'The database is not reachable.',
        code: 'CEN_ERR_DB_UNAVAILABLE',
        request_id: 'req-503',
      });
    }
    if (path === '/' || path === '/index.html')
      return send(response, 200, 'text/html; charset=utf-8', TEST_PAGE_HTML);
    if (path === '/centinela-cards.js') return send(response, 200, 'text/javascript', this.bundle);
    if (path === '/axe.min.js') return send(response, 200, 'text/javascript', axeSource);
    if (path === '/api/cameras')
      return json(response, 200, { items: this.cameras, next_cursor: null });
    if ((match = /^\/api\/cameras\/([^/]+)\/latest\.jpg$/.exec(path)) !== null) {
      return send(response, 200, 'image/jpeg', this.media.still);
    }
    if (path === '/api/auth/me') return json(response, 200, fixtureUser(this.role));
    if (path === '/api/events') return json(response, 200, this.eventPage(query));
    if ((match = /^\/api\/events\/([^/]+)$/.exec(path)) !== null) {
      const event = this.events.find((candidate) => candidate.id === match![1]);
      return event !== undefined ? json(response, 200, event) : notFound(response, path);
    }
    if ((match = /^\/api\/events\/([^/]+)\/(thumbnail|snapshot|clip)$/.exec(path)) !== null) {
      if (match[2] === 'clip') return sendRange(request, response, 'video/mp4', this.media.clip);
      return send(
        response,
        200,
        'image/jpeg',
        match[2] === 'thumbnail' ? this.media.thumbnail : this.media.still,
      );
    }
    if (path === '/api/reviews') return json(response, 200, this.reviewPage(query));
    if (path === '/api/evidence/export' && request.method === 'POST')
      return this.exportEvidence(response, body);
    if (path.startsWith('/api/camera_proxy/'))
      return send(response, 200, 'image/png', this.media.proxyPng);
    return notFound(response, path);
  }

  private eventPage(query: Record<string, string>) {
    const items = this.events.filter(
      (event) =>
        (query['camera_id'] === undefined || event.camera_id === query['camera_id']) &&
        (query['label'] === undefined || event.label === query['label']) &&
        (query['from'] === undefined || event.start_time >= query['from']),
    );
    return keysetPage(items, query, (event) => `${event.start_time}|${event.id}`);
  }

  private reviewPage(query: Record<string, string>) {
    const items = this.reviews.filter(
      (review) =>
        (query['severity'] === undefined || review.severity === query['severity']) &&
        (query['camera_id'] === undefined || review.camera_id === query['camera_id']),
    );
    return keysetPage(items, query, (review) => `${review.start_time}|${review.id}`);
  }

  private exportEvidence(response: ServerResponse, body: unknown): void {
    const request = body as { event_id?: string; reason?: string; format?: string };
    const reason = request.reason ?? '';
    if (reason.length < 3 || reason.length > 500) {
      return json(response, 422, {
        type: 'urn:centinela:problem:CEN_ERR_EVIDENCE_REASON_LENGTH',
        title: 'Invalid reason',
        status: 422,
        detail: 'The reason must have 3 to 500 characters.',
        code: 'CEN_ERR_EVIDENCE_REASON_LENGTH',
        field: 'body/reason',
        fix: 'Send a reason of 3 to 500 characters.',
        request_id: 'req-1',
      });
    }
    const id = 'evd-0001';
    json(response, 201, {
      id,
      event_id: request.event_id,
      status: 'ready',
      file_name: `${request.event_id}.${request.format}`,
      size: this.media.clip.length,
      sha256: 'a'.repeat(64),
      created_at: new Date(this.now).toISOString(),
      download_url: `/api/evidence/${id}/download`,
      manifest_url: `/api/evidence/${id}/manifest`,
    });
  }
}

function keysetPage<T>(items: T[], query: Record<string, string>, key: (item: T) => string) {
  const limit = Math.min(200, Math.max(1, Number(query['limit'] ?? 50)));
  const cursor =
    query['cursor'] !== undefined
      ? Buffer.from(query['cursor'], 'base64url').toString('utf8')
      : undefined;
  // Newest first, so the next page contains the keys below the cursor.
  const rest = cursor === undefined ? items : items.filter((item) => key(item) < cursor);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  const next =
    rest.length > limit && last !== undefined ? Buffer.from(key(last)).toString('base64url') : null;
  return { items: page, next_cursor: next };
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array,
): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  response.end(body);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  send(response, status, type, JSON.stringify(body));
}

function notFound(response: ServerResponse, path: string): void {
  json(response, 404, {
    type: 'urn:centinela:problem:CEN_ERR_HTTP_NOT_FOUND',
    title: 'Not found',
    status: 404,
    detail: `No route for ${path}`,
    code: 'CEN_ERR_HTTP_NOT_FOUND',
    request_id: 'req-404',
  });
}

/** Serves a body with HTTP Range support, which Chromium needs to seek in a video. */
function sendRange(
  request: IncomingMessage,
  response: ServerResponse,
  type: string,
  body: Buffer,
): void {
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  if (range === null) {
    response.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Accept-Ranges': 'bytes',
    });
    response.end(body);
    return;
  }
  const start = range[1] !== '' ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
  const end =
    range[1] !== '' && range[2] !== ''
      ? Math.min(Number(range[2]), body.length - 1)
      : body.length - 1;
  response.writeHead(206, {
    'Content-Type': type,
    'Content-Length': end - start + 1,
    'Content-Range': `bytes ${start}-${end}/${body.length}`,
    'Accept-Ranges': 'bytes',
  });
  response.end(body.subarray(start, end + 1));
}
