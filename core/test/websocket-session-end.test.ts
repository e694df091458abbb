import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebSocketHub, type HubSubscriber } from '../src/ws/hub';

describe('websocket hub heartbeat', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('closes an idle socket whose session ended', async () => {
    const hub = new WebSocketHub({ heartbeatMs: 50 });
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => hub.close(), () => server.close());
    let active = true;
    const subscriber: HubSubscriber = {
      can: () => true,
      cameraScope: null,
      isActive: () => active,
    };
    server.on('connection', (socket) => hub.attach(socket, subscriber));
    await once(server, 'listening');
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await once(client, 'open');

    // Several heartbeats pass while the session is valid: the socket stays open.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.readyState).toBe(WebSocket.OPEN);

    active = false;
    const [code] = (await once(client, 'close')) as [number, Buffer];
    expect(code).toBe(4401);
  });
});
