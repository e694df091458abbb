import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A stand-in for two responses the Frigate simulator does not produce, because it imitates 0.14+:
 *
 * - `GET /api/events` newest first whatever `sort` requests. `sort` exists since Frigate 0.14, and
 *   an older Frigate ignores it; it also has no review API (404).
 * - `clip.mp4` as a 200 with Content-Length that ignores `Range`, as a server in front of
 *   Frigate may do. The simulator honours Range on files and streams without a length.
 *
 * Everything else a backfill needs (`/api/version`, `/api/config`, `/api/stats`, single
 * events) gets a minimal response.
 */
export interface LegacyEvent {
  id: string;
  camera: string;
  label: string;
  start_time: number;
  end_time: number | null;
  has_clip: boolean;
  has_snapshot: boolean;
  zones: string[];
  sub_label: string | null;
  top_score: number | null;
  data: Record<string, unknown>;
}

export class LegacyFrigate {
  url = '';
  readonly events = new Map<string, LegacyEvent>();
  readonly clips = new Map<string, Buffer>();
  /** Path and query of every request, in order. */
  readonly requests: string[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  static async start(): Promise<LegacyFrigate> {
    const fake = new LegacyFrigate();
    fake.server = createServer((request, response) => fake.handle(request, response));
    fake.server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => fake.server!.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  addEvent(
    input: Pick<LegacyEvent, 'id' | 'camera' | 'start_time'> & Partial<LegacyEvent>,
    clip?: Buffer,
  ): void {
    this.events.set(input.id, {
      label: 'person',
      end_time: input.start_time + 10,
      has_clip: true,
      has_snapshot: true,
      zones: [],
      sub_label: null,
      top_score: 0.8,
      data: {},
      ...input,
    });
    if (clip !== undefined) this.clips.set(input.id, clip);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    this.requests.push(request.url ?? '/');
    const url = new URL(request.url ?? '/', 'http://frigate');
    const path = url.pathname;
    if (path === '/api/version') return this.send(response, 200, 'text/plain', '0.13.2-6476f8a');
    if (path === '/api/config') {
      const cameras = {
        driveway: { detect: { width: 1280, height: 720, fps: 5 }, objects: { track: ['person'] } },
      };
      return this.json(response, 200, { cameras });
    }
    if (path === '/api/stats')
      return this.json(response, 200, { cameras: { driveway: { camera_fps: 5 } } });
    if (path === '/api/events') return this.json(response, 200, this.list(url.searchParams));
    const clip = /^\/api\/events\/([^/]+)\/clip\.mp4$/.exec(path);
    if (clip !== null) {
      const bytes = this.clips.get(decodeURIComponent(clip[1]!));
      if (bytes === undefined)
        return this.json(response, 404, { success: false, message: 'Clip not available' });
      return this.send(response, 200, 'video/mp4', bytes);
    }
    const single = /^\/api\/events\/([^/]+)$/.exec(path);
    const event = single === null ? undefined : this.events.get(decodeURIComponent(single[1]!));
    if (event !== undefined) return this.json(response, 200, event);
    this.send(response, 404, 'text/html', 'Event not found');
  }

  /** Strict `after`/`before` on the start time, newest first, `limit` default 100. */
  private list(query: URLSearchParams): LegacyEvent[] {
    const after = Number(query.get('after') ?? 0);
    const before = Number(query.get('before') ?? 0);
    const limit = Number(query.get('limit') ?? 100);
    return [...this.events.values()]
      .filter((event) => !after || event.start_time > after)
      .filter((event) => !before || event.start_time < before)
      .sort((a, b) => b.start_time - a.start_time)
      .slice(0, limit);
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    this.send(response, status, 'application/json', JSON.stringify(body));
  }

  private send(
    response: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    response.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length) });
    response.end(bytes);
  }
}
