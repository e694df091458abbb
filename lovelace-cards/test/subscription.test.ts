import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { CentinelaClient } from '../src/api/client';
import type { SubscriptionStatus } from '../src/api/subscription';
import type { TopicMessage } from '../src/api/types';

interface SubscribeFrame {
  type: string;
  topics: string[];
  since?: number;
}

/** Starts a `/api/ws` server on 127.0.0.1 that records subscribe frames and request URLs. */
async function startServer() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/ws' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const frames: SubscribeFrame[] = [];
  const urls: string[] = [];
  const sockets: ServerSocket[] = [];
  let onSubscribe: (socket: ServerSocket, frame: SubscribeFrame) => void = () => undefined;
  server.on('connection', (socket, request) => {
    urls.push(request.url ?? '');
    sockets.push(socket);
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as SubscribeFrame;
      frames.push(frame);
      onSubscribe(socket, frame);
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    frames,
    urls,
    sockets,
    setOnSubscribe(handler: (socket: ServerSocket, frame: SubscribeFrame) => void) {
      onSubscribe = handler;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type TestServer = Awaited<ReturnType<typeof startServer>>;

let server: TestServer | undefined;

afterEach(async () => {
  for (const socket of server?.sockets ?? []) socket.terminate();
  await server?.close();
  server = undefined;
});

function client(port: number, token?: string) {
  return new CentinelaClient({
    baseUrl: `http://127.0.0.1:${port}`,
    ...(token !== undefined ? { token } : {}),
    // The `ws` client has the browser WebSocket's onopen/onmessage/onclose interface.
    webSocket: NodeWebSocket as unknown as typeof WebSocket,
    reconnectDelays: { minMs: 20, maxMs: 100 },
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function send(socket: ServerSocket, frame: unknown): void {
  socket.send(JSON.stringify(frame));
}

describe('subscribe', () => {
  it('subscribes to the topic and delivers messages', async () => {
    server = await startServer();
    server.setOnSubscribe((socket) => {
      send(socket, { type: 'subscribed', topics: ['events:casa'], seq: 7 });
      send(socket, { type: 'message', topic: 'events:casa', seq: 8, data: { kind: 'new' } });
    });
    const received: TopicMessage[] = [];
    const subscription = client(server.port, 'cen tok').subscribe('events:casa', undefined, {
      onMessage: (message) => received.push(message),
    });
    await until(() => received.length === 1, 'the first message');
    expect(server.frames[0]).toEqual({ type: 'subscribe', topics: ['events:casa'] });
    expect(server.urls[0]).toBe('/api/ws?access_token=cen+tok');
    expect(received[0]).toEqual({
      type: 'message',
      topic: 'events:casa',
      seq: 8,
      data: { kind: 'new' },
    });
    expect(subscription.lastSeq).toBe(8);
    subscription.close();
  });

  it('reconnects and resumes with the last sequence number', async () => {
    server = await startServer();
    const test = server;
    test.setOnSubscribe((socket, frame) => {
      if (frame.since === undefined) {
        send(socket, { type: 'subscribed', topics: frame.topics, seq: 10 });
        send(socket, { type: 'message', topic: 'events:casa', seq: 11, data: 'first' });
        // The server goes away after one message, as during a restart.
        setTimeout(() => socket.terminate(), 20);
        return;
      }
      send(socket, { type: 'subscribed', topics: frame.topics, seq: 13 });
      send(socket, { type: 'message', topic: 'events:casa', seq: 11, data: 'duplicate' });
      send(socket, { type: 'message', topic: 'events:casa', seq: 12, data: 'missed' });
      send(socket, { type: 'message', topic: 'events:casa', seq: 13, data: 'live' });
    });
    const data: unknown[] = [];
    const statuses: SubscriptionStatus[] = [];
    const subscription = client(test.port).subscribe('events:casa', undefined, {
      onMessage: (message) => data.push(message.data),
      onStatus: (status) => statuses.push(status),
    });
    await until(() => data.length === 3, 'the replayed messages');
    expect(test.frames.map((frame) => frame.since)).toEqual([undefined, 11]);
    expect(data).toEqual(['first', 'missed', 'live']);
    expect(subscription.lastSeq).toBe(13);
    expect(statuses.filter((status) => status === 'open')).toHaveLength(2);
    subscription.close();
  });

  it('starts from a given since and asks for a resync when told', async () => {
    server = await startServer();
    server.setOnSubscribe((socket) => send(socket, { type: 'resync', seq: 500 }));
    let resyncs = 0;
    const subscription = client(server.port).subscribe(['events:casa', 'reviews:casa'], 42, {
      onMessage: () => undefined,
      onResync: () => (resyncs += 1),
    });
    await until(() => resyncs === 1, 'the resync');
    expect(server.frames[0]).toEqual({
      type: 'subscribe',
      topics: ['events:casa', 'reviews:casa'],
      since: 42,
    });
    expect(subscription.lastSeq).toBe(500);
    subscription.close();
  });

  it('stops reconnecting after close', async () => {
    server = await startServer();
    const test = server;
    test.setOnSubscribe((socket, frame) =>
      send(socket, { type: 'subscribed', topics: frame.topics, seq: 1 }),
    );
    const subscription = client(test.port).subscribe('events:casa', undefined, {
      onMessage: () => undefined,
    });
    await until(() => test.frames.length === 1, 'the subscription');
    subscription.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(test.urls).toHaveLength(1);
  });

  it('gives up after the server rejects the login', async () => {
    server = await startServer();
    const test = server;
    test.setOnSubscribe((socket) => socket.close(4401, 'Log in first.'));
    const errors: { code: string; message: string }[] = [];
    const subscription = client(test.port).subscribe('events:casa', undefined, {
      onMessage: () => undefined,
      onError: (error) => errors.push(error),
    });
    await until(() => errors.length === 1, 'the error');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(errors[0]).toEqual({ code: 'close_4401', message: 'Log in first.' });
    expect(test.urls).toHaveLength(1);
    subscription.close();
  });
});
