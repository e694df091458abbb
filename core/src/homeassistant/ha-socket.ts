import {
  ERR_CANNOT_CONNECT,
  ERR_INVALID_AUTH,
  type HaWebSocket,
} from 'home-assistant-js-websocket';
import WebSocket from 'ws';

export interface HaSocketOptions {
  /** WebSocket URL, e.g. ws://supervisor/core/websocket or ws://ha:8123/api/websocket. */
  url: string;
  token: string;
  connectTimeoutMs?: number;
}

/**
 * Open and authenticate a WebSocket to Home Assistant with the `ws` package, because Node 20
 * has no global WebSocket for home-assistant-js-websocket's own factory. Resolves after
 * `auth_ok`; rejects with the library's ERR_INVALID_AUTH or ERR_CANNOT_CONNECT codes so its
 * reconnect logic treats failures the usual way.
 */
export function openHaSocket(options: HaSocketOptions): Promise<HaWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(options.url);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(ERR_CANNOT_CONNECT);
    }, options.connectTimeoutMs ?? 10_000);

    const fail = (code: number) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(code);
    };
    socket.on('error', () => fail(ERR_CANNOT_CONNECT));
    socket.on('close', () => fail(ERR_CANNOT_CONNECT));
    socket.on('message', (raw) => {
      let message: { type?: string; ha_version?: string };
      try {
        message = JSON.parse(raw.toString()) as typeof message;
      } catch {
        fail(ERR_CANNOT_CONNECT);
        return;
      }
      if (message.type === 'auth_required') {
        socket.send(JSON.stringify({ type: 'auth', access_token: options.token }));
      } else if (message.type === 'auth_invalid') {
        fail(ERR_INVALID_AUTH);
      } else if (message.type === 'auth_ok') {
        clearTimeout(timer);
        socket.removeAllListeners();
        const haSocket = socket as unknown as HaWebSocket;
        haSocket.haVersion = message.ha_version ?? '0.0.0';
        resolve(haSocket);
      }
    });
  });
}
