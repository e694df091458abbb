import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestCentinela, type TestCentinela } from './support/centinela';
import { headerAuthPlugin, notesPlugin } from './support/test-plugins';

interface ServerMessage {
  type: string;
  topic?: string;
  seq: number;
  data?: { n: number };
}

function connect(url: string, role: string): Promise<{ socket: WebSocket; messages: ServerMessage[]; next(type: string): Promise<ServerMessage> }> {
  const socket = new WebSocket(url, { headers: { 'x-test-role': role } });
  const messages: ServerMessage[] = [];
  const waiters: Array<{ type: string; resolve: (m: ServerMessage) => void }> = [];
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as ServerMessage;
    messages.push(message);
    const index = waiters.findIndex((w) => w.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        next: (type) => new Promise((r) => waiters.push({ type, resolve: r })),
      }),
    );
    socket.once('error', reject);
  });
}

describe('WebSocket hub', () => {
  let centinela: TestCentinela;
  let url: string;

  beforeAll(async () => {
    centinela = await startTestCentinela({ database: 'postgres', plugins: [headerAuthPlugin, notesPlugin] });
    centinela.hub.registerTopic('notes:', 'notes:read');
    const address = await centinela.listen();
    url = `${address.replace('http', 'ws')}/api/ws`;
  });

  afterAll(async () => {
    await centinela?.destroy();
  });

  it('resumes after a reconnect without missing a message', async () => {
    const first = await connect(url, 'ReadOnly');
    first.socket.send(JSON.stringify({ type: 'subscribe', topics: ['notes:casa'] }));
    await first.next('subscribed');
    centinela.hub.publish('notes:casa', { n: 1 });
    const one = await first.next('message');
    expect(one.data).toEqual({ n: 1 });
    first.socket.terminate();

    for (let n = 2; n <= 4; n += 1) centinela.hub.publish('notes:casa', { n });
    centinela.hub.publish('notes:other', { n: 99 });

    const second = await connect(url, 'ReadOnly');
    second.socket.send(JSON.stringify({ type: 'subscribe', topics: ['notes:casa'], since: one.seq }));
    await second.next('subscribed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    centinela.hub.publish('notes:casa', { n: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const received = second.messages.filter((m) => m.type === 'message').map((m) => m.data?.n);
    expect(received).toEqual([2, 3, 4, 5]);
    second.socket.close();
  });

  it('asks for a resync when the client is too far behind', async () => {
    const client = await connect(url, 'ReadOnly');
    client.socket.send(JSON.stringify({ type: 'subscribe', topics: ['notes:casa'], since: 1 }));
    const resync = await client.next('resync');
    expect(resync.seq).toBe(centinela.hub.currentSeq);
    client.socket.close();
  });

  it('refuses a topic the role cannot read', async () => {
    centinela.hub.registerTopic('secret:', 'plugins:manage');
    const client = await connect(url, 'ReadOnly');
    client.socket.send(JSON.stringify({ type: 'subscribe', topics: ['secret:casa'] }));
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'CEN_ERR_WS_TOPIC_FORBIDDEN' });
    client.socket.close();
  });

  it('closes an upgrade refused by authentication', async () => {
    const socket = new WebSocket(url);
    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      socket.once('unexpected-response', (_request, incoming) => resolve(incoming));
      socket.once('open', () => reject(new Error('the upgrade was accepted')));
    });
    expect(response.statusCode).toBe(401);
    // The server must drop the TCP connection itself; the client keeps it open otherwise.
    const closedByServer = await new Promise<boolean>((resolve) => {
      if (response.socket.destroyed) resolve(true);
      response.socket.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 2000);
    });
    expect(closedByServer).toBe(true);
  });
});
