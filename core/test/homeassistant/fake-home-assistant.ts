import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FiredEvent {
  event_type: string;
  event_data: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  name: string;
  group_ids: string[];
}

/**
 * A server that speaks Home Assistant's WebSocket API far enough for the bridge: the auth
 * phase (auth_required, auth, auth_ok or auth_invalid), `supported_features`, `fire_event`,
 * `config/auth/list` and `ping`. Tests can drop every connection to see the client reconnect,
 * cut the link while a `fire_event` is in flight, or make Home Assistant reject an event type.
 */
export class FakeHomeAssistant {
  readonly fired: FiredEvent[] = [];
  readonly tokens: string[] = [];
  /** Every command after authentication, in order. */
  readonly commands: Array<Record<string, unknown>> = [];
  users: FakeUser[] = [];
  /** Event types rejected with an `unauthorized` error, as for a non-admin token. */
  readonly rejectedEventTypes = new Set<string>();
  /** Cut the connection instead of replying to the next `fire_event`, which is then lost. */
  dropNextFire = false;
  private readonly server: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  connections = 0;
  /** While true, new connections are cut at once (Home Assistant restarting). */
  unavailable = false;

  private constructor(private readonly validToken: string) {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.server.on('connection', (socket) => this.serve(socket));
  }

  /** Resolves once the server listens on a free loopback port. */
  static async start(validToken: string): Promise<FakeHomeAssistant> {
    const fake = new FakeHomeAssistant(validToken);
    await new Promise<void>((resolve) => fake.server.once('listening', () => resolve()));
    return fake;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/websocket`;
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: WebSocket): void {
    if (this.unavailable) {
      socket.terminate();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ type: 'auth_required', ha_version: '2026.11.0' }));
    let authenticated = false;
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as Record<string, unknown>;
      if (!authenticated) {
        this.tokens.push(String(message.access_token));
        if (message.type === 'auth' && message.access_token === this.validToken) {
          authenticated = true;
          this.connections += 1;
          socket.send(JSON.stringify({ type: 'auth_ok', ha_version: '2026.11.0' }));
        } else {
          socket.send(JSON.stringify({ type: 'auth_invalid', message: 'Invalid access token' }));
          socket.close();
        }
        return;
      }
      const id = message.id;
      this.commands.push(message);
      if (message.type === 'fire_event' && this.dropNextFire) {
        this.dropNextFire = false;
        socket.terminate();
      } else if (
        message.type === 'fire_event' &&
        this.rejectedEventTypes.has(String(message.event_type))
      ) {
        const error = { code: 'unauthorized', message: 'Unauthorized' };
        socket.send(JSON.stringify({ id, type: 'result', success: false, error }));
      } else if (message.type === 'fire_event') {
        this.fired.push({
          event_type: String(message.event_type),
          event_data: message.event_data as Record<string, unknown>,
        });
        socket.send(
          JSON.stringify({ id, type: 'result', success: true, result: { context: { id: 'ctx' } } }),
        );
      } else if (message.type === 'config/auth/list') {
        socket.send(JSON.stringify({ id, type: 'result', success: true, result: this.users }));
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ id, type: 'pong' }));
      } else {
        socket.send(JSON.stringify({ id, type: 'result', success: true, result: null }));
      }
    });
  }
}
