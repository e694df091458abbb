import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What happens to one event's clip after `afterBytes` bytes of its body. */
export interface ClipFault {
  /** `break-off` resets the connection; `stall` keeps it open and sends nothing more. */
  kind: 'break-off' | 'stall';
  afterBytes: number;
}

const CLIP_PATH = /^\/api\/events\/([^/]+)\/clip\.mp4$/;
const RETAIN_PATH = /^\/api\/events\/[^/]+\/retain$/;

/**
 * An HTTP proxy on 127.0.0.1 in front of the Frigate simulator. It passes every request
 * through unchanged, with two exceptions. The clip of an event listed in `faults` breaks off
 * or stalls part way through its body, and retain calls fail while `failRetain` is set. The
 * simulator sends whole files and always accepts a retain call, so it has neither fault.
 */
export class ClipFaultProxy {
  /** Faults by Frigate event id. */
  readonly faults = new Map<string, ClipFault>();
  /** When set, `POST /api/events/<id>/retain` fails with HTTP 500, as on a failing Frigate. */
  failRetain = false;
  /** Clip body bytes sent for faulted events so far. */
  faultedBytesSent = 0;
  url = '';
  private server: Server | undefined;

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const server = createServer((request, response) => this.pass(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pass(request: IncomingMessage, response: ServerResponse): void {
    const target = new URL(request.url ?? '/', this.target);
    if (this.failRetain && request.method === 'POST' && RETAIN_PATH.test(target.pathname)) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ success: false, message: 'Internal server error' }));
      return;
    }
    const upstream = forward(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        const id = CLIP_PATH.exec(target.pathname)?.[1];
        const fault = id === undefined ? undefined : this.faults.get(decodeURIComponent(id));
        if (fault === undefined || answer.statusCode !== 200) {
          answer.pipe(response);
          return;
        }
        this.sendWithFault(answer, response, fault);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
    request.pipe(upstream);
  }

  private sendWithFault(answer: IncomingMessage, response: ServerResponse, fault: ClipFault): void {
    let sent = 0;
    answer.on('data', (chunk: Buffer) => {
      if (sent >= fault.afterBytes) return;
      const part = chunk.subarray(0, fault.afterBytes - sent);
      sent += part.length;
      this.faultedBytesSent += part.length;
      response.write(part);
      if (sent < fault.afterBytes) return;
      answer.destroy();
      // A stalled response stays open until the client gives up or stop() closes it.
      if (fault.kind === 'break-off') response.destroy();
    });
  }
}
