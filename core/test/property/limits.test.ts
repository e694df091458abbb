import { connect } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import frigateEventsPlugin from '@centinela/plugin-frigate-events';
import { BODY_LIMIT_BYTES } from '../../src/http/app';
import { startTestCentinela, type TestCentinela } from '../support/centinela';
import { headerAuthPlugin } from '../support/test-plugins';
import { hostileValue } from './support/hostile';

const SUPER_ADMIN = { 'x-test-role': 'SuperAdmin' };

/**
 * Request size limits, over a real socket because inject skips Node's HTTP parser. Bodies over
 * 1 MiB get 413 and header blocks over 16 KiB get 431. A WebSocket message over 64 KiB closes
 * the socket with 1009, and a hostile WebSocket message gets an error message instead.
 */
let centinela: TestCentinela;
let baseUrl: string;

beforeAll(async () => {
  centinela = await startTestCentinela({
    database: 'postgres',
    plugins: [headerAuthPlugin, frigateEventsPlugin],
    env: { HOST: '127.0.0.1' },
  });
  baseUrl = await centinela.listen();
});

afterAll(async () => {
  await centinela?.destroy();
});

/** Sends raw bytes and returns the status line of the response. */
function rawStatusLine(bytes: string): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let answer = '';
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.write(bytes);
  });
}

async function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/ws`, {
    headers: SUPER_ADMIN,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Messages of a socket in arrival order; ws emits several per tick, so none may be missed. */
function messageQueue(socket: WebSocket): () => Promise<{ type: string; code?: string }> {
  const queue: Array<{ type: string; code?: string }> = [];
  let waiting: (() => void) | null = null;
  socket.on('message', (raw) => {
    queue.push(JSON.parse(raw.toString()) as { type: string; code?: string });
    waiting?.();
  });
  return async () => {
    const deadline = Date.now() + 5000;
    while (queue.length === 0) {
      if (Date.now() > deadline) throw new Error('no WebSocket message within 5 s');
      await new Promise<void>((resolve) => {
        waiting = resolve;
        setTimeout(resolve, 100);
      });
    }
    return queue.shift()!;
  };
}

describe('request size limits', () => {
  it('rejects a body over the limit with 413', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES) });
    const response = await request(`${baseUrl}/api/cameras`, {
      method: 'POST',
      headers: { ...SUPER_ADMIN, 'content-type': 'application/json' },
      body,
    });
    const problem = (await response.body.json()) as { code: string };
    expect(response.statusCode).toBe(413);
    expect(problem.code).toBe('CEN_ERR_PAYLOAD_TOO_LARGE');
  });

  it('rejects a chunked body over the limit with 413', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let sent = 0; sent <= BODY_LIMIT_BYTES; sent += chunk.length) yield chunk;
    }
    const response = await request(`${baseUrl}/api/cameras`, {
      method: 'POST',
      headers: { ...SUPER_ADMIN, 'content-type': 'application/json' },
      body: Readable.from(chunks()),
    });
    await response.body.dump();
    expect(response.statusCode).toBe(413);
  });

  it('rejects a header block over 16 KiB with 431', async () => {
    const status = await rawStatusLine(
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    expect(status).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('rejects a request line over 16 KiB with 431 or 414', async () => {
    const status = await rawStatusLine(
      `GET /api/events?label=${'a'.repeat(17 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(status).toMatch(/^HTTP\/1\.1 (431|414) /);
  });

  it('closes a WebSocket that sends over 64 KiB with 1009', async () => {
    const socket = await openSocket();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'subscribe', topics: ['x'.repeat(70 * 1024)] }));
    expect(await closed).toBe(1009);
  });

  it('answers hostile WebSocket messages and keeps the socket open', async () => {
    const socket = await openSocket();
    const nextMessage = messageQueue(socket);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            // Messages over 64 KiB close the socket, which the test above covers.
            hostileValue
              .map((value) => JSON.stringify(value) ?? 'null')
              .filter((text) => Buffer.byteLength(text) < 60_000),
            fc.string({ maxLength: 200 }),
          ),
          async (text) => {
            // A subscribe to an unknown topic prefix gets CEN_ERR_WS_TOPIC_FORBIDDEN, and any
            // other malformed message gets CEN_ERR_WS_BAD_MESSAGE.
            socket.send(text);
            socket.send(JSON.stringify({ type: 'ping' }));
            for (;;) {
              const message = await nextMessage();
              if (message.type === 'pong') break;
              expect(['error', 'subscribed']).toContain(message.type);
            }
            expect(socket.readyState).toBe(WebSocket.OPEN);
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      socket.close();
    }
  });
});
