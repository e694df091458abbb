import type { WebSocket } from 'ws';

/** Limits who may see a message beyond the topic's permission (camera scopes). */
export interface MessageScope {
  cameraId?: string;
}

export interface HubMessage {
  topic: string;
  seq: number;
  data: unknown;
  scope?: MessageScope;
}

/** What the hub needs to know about the user on the other end of a socket. */
export interface HubSubscriber {
  can(permission: string): boolean;
  /** Camera ids the user may see; null means every camera. */
  cameraScope: string[] | null;
  isActive(): Promise<boolean> | boolean;
}

interface TopicRule {
  prefix: string;
  permission: string;
}

interface Connection {
  socket: WebSocket;
  subscriber: HubSubscriber;
  topics: Set<string>;
  alive: boolean;
}

export interface WebSocketHubOptions {
  /** Messages kept for clients that resume with `since` after a reconnect. */
  bufferSize?: number;
  heartbeatMs?: number;
}

type ClientMessage =
  | { type: 'subscribe'; topics: string[]; since?: number }
  | { type: 'unsubscribe'; topics: string[] }
  | { type: 'ping' };

/**
 * Topic fan-out to WebSocket clients with resume. Every message gets a sequence number; a
 * client that reconnects subscribes with `since` = the last number it saw and first receives
 * what it missed from a bounded buffer, then live messages. When `since` is older than the
 * buffer, the client is told to resync from the REST API instead.
 *
 * Sequence numbers start at the hub's start time in milliseconds so that numbers from an
 * earlier process are always older than this one's, and such clients are told to resync.
 */
export class WebSocketHub {
  private readonly rules: TopicRule[] = [];
  private readonly connections = new Set<Connection>();
  private readonly buffer: HubMessage[] = [];
  private readonly bufferSize: number;
  private readonly heartbeat: NodeJS.Timeout;
  private seq: number;
  private readonly firstSeq: number;

  constructor(options: WebSocketHubOptions = {}) {
    this.bufferSize = options.bufferSize ?? 10_000;
    this.seq = Date.now();
    this.firstSeq = this.seq;
    this.heartbeat = setInterval(() => this.checkAlive(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Declare that topics starting with `prefix` need `permission`. */
  registerTopic(prefix: string, permission: string): void {
    this.rules.push({ prefix, permission });
  }

  get currentSeq(): number {
    return this.seq;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  publish(topic: string, data: unknown, scope?: MessageScope): number {
    this.seq += 1;
    const message: HubMessage = { topic, seq: this.seq, data };
    if (scope !== undefined) message.scope = scope;
    this.buffer.push(message);
    if (this.buffer.length > this.bufferSize) this.buffer.shift();
    for (const connection of this.connections) {
      if (connection.topics.has(topic) && this.visible(connection.subscriber, message)) {
        this.send(connection.socket, { type: 'message', ...this.wire(message) });
      }
    }
    return this.seq;
  }

  /** Serve one authenticated socket until it closes. */
  attach(socket: WebSocket, subscriber: HubSubscriber): void {
    const connection: Connection = { socket, subscriber, topics: new Set(), alive: true };
    this.connections.add(connection);
    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', () => this.connections.delete(connection));
    socket.on('message', (raw) => {
      void this.handle(connection, raw.toString()).catch(() => {
        this.send(socket, { type: 'error', code: 'CEN_ERR_WS_INTERNAL', message: 'Message failed.' });
      });
    });
  }

  /** Close every socket (shutdown). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const connection of this.connections) connection.socket.close(1001, 'server shutting down');
    this.connections.clear();
  }

  private async handle(connection: Connection, text: string): Promise<void> {
    const message = parseClientMessage(text);
    if (message === null) {
      this.send(connection.socket, {
        type: 'error',
        code: 'CEN_ERR_WS_BAD_MESSAGE',
        message: 'Send JSON like {"type":"subscribe","topics":["events:casa"],"since":123}.',
      });
      return;
    }
    if (message.type === 'ping') {
      this.send(connection.socket, { type: 'pong', seq: this.seq });
      return;
    }
    if (message.type === 'unsubscribe') {
      for (const topic of message.topics) connection.topics.delete(topic);
      return;
    }
    // A role change or deactivation applies at once, also to open sockets.
    if (!(await connection.subscriber.isActive())) {
      connection.socket.close(4401, 'session ended');
      return;
    }
    const refused = message.topics.filter((topic) => !this.allowed(connection.subscriber, topic));
    if (refused.length > 0) {
      this.send(connection.socket, {
        type: 'error',
        code: 'CEN_ERR_WS_TOPIC_FORBIDDEN',
        message: `Not allowed to subscribe to: ${refused.join(', ')}.`,
      });
    }
    const accepted = message.topics.filter((topic) => !refused.includes(topic));
    for (const topic of accepted) connection.topics.add(topic);
    this.send(connection.socket, { type: 'subscribed', topics: accepted, seq: this.seq });
    if (message.since !== undefined) this.replay(connection, new Set(accepted), message.since);
  }

  private replay(connection: Connection, topics: Set<string>, since: number): void {
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    if (since < this.firstSeq || since < oldest - 1) {
      this.send(connection.socket, { type: 'resync', seq: this.seq });
      return;
    }
    for (const message of this.buffer) {
      if (message.seq <= since || !topics.has(message.topic)) continue;
      if (!this.visible(connection.subscriber, message)) continue;
      this.send(connection.socket, { type: 'message', ...this.wire(message) });
    }
  }

  private allowed(subscriber: HubSubscriber, topic: string): boolean {
    const rule = this.rules.find((candidate) => topic.startsWith(candidate.prefix));
    return rule !== undefined && subscriber.can(rule.permission);
  }

  private visible(subscriber: HubSubscriber, message: HubMessage): boolean {
    const cameraId = message.scope?.cameraId;
    if (cameraId === undefined || subscriber.cameraScope === null) return true;
    return subscriber.cameraScope.includes(cameraId);
  }

  private wire(message: HubMessage): { topic: string; seq: number; data: unknown } {
    return { topic: message.topic, seq: message.seq, data: message.data };
  }

  private send(socket: WebSocket, payload: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }

  private checkAlive(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        this.connections.delete(connection);
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
      // A socket that only listens never subscribes again, so its role, scope and account
      // state are checked here too. The heartbeat interval bounds how long a change takes.
      void Promise.resolve()
        .then(() => connection.subscriber.isActive())
        .then(
          (active) => {
            if (!active) connection.socket.close(4401, 'session ended');
          },
          () => connection.socket.close(4401, 'session ended'),
        );
    }
  }
}

function parseClientMessage(text: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (candidate.type === 'ping') return { type: 'ping' };
  const topics = candidate.topics;
  if (!Array.isArray(topics) || !topics.every((t) => typeof t === 'string' && t.length <= 200)) {
    return null;
  }
  if (candidate.type === 'unsubscribe') return { type: 'unsubscribe', topics };
  if (candidate.type !== 'subscribe') return null;
  const since = candidate.since;
  if (since !== undefined && (typeof since !== 'number' || !Number.isSafeInteger(since))) return null;
  return since === undefined ? { type: 'subscribe', topics } : { type: 'subscribe', topics, since };
}
