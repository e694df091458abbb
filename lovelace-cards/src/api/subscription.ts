import type { TopicMessage } from './types';

export type SubscriptionStatus = 'connecting' | 'open' | 'closed';

export interface SubscriptionHandlers {
  onMessage(message: TopicMessage): void;
  /** The server no longer has the messages after `since`: reload the lists from REST. */
  onResync?(): void;
  onStatus?(status: SubscriptionStatus): void;
  onError?(error: { code: string; message: string }): void;
}

export interface Subscription {
  /** Sequence number of the newest message seen, sent as `since` after a reconnect. */
  readonly lastSeq: number | undefined;
  close(): void;
}

export interface ReconnectDelays {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_RECONNECT_DELAYS: ReconnectDelays = { minMs: 1000, maxMs: 30_000 };

/** Close codes the server uses for a rejected login; reconnecting would fail the same way. */
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

/**
 * A `/api/ws` subscription that reconnects with exponential backoff and resumes with
 * `since` set to the last sequence number seen, so no message is lost or repeated.
 */
export class TopicSubscription implements Subscription {
  lastSeq: number | undefined;
  private socket: WebSocket | undefined;
  private closed = false;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: () => string,
    private readonly topics: string[],
    since: number | undefined,
    private readonly handlers: SubscriptionHandlers,
    private readonly webSocket: typeof WebSocket,
    private readonly delays: ReconnectDelays = DEFAULT_RECONNECT_DELAYS,
  ) {
    this.lastSeq = since;
  }

  start(): this {
    this.connect();
    return this;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, 'closed by client');
    this.handlers.onStatus?.('closed');
  }

  private connect(): void {
    if (this.closed) return;
    this.handlers.onStatus?.('connecting');
    let socket: WebSocket;
    try {
      socket = new this.webSocket(this.url());
    } catch (error) {
      this.handlers.onError?.({ code: 'connect_failed', message: String(error) });
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const request: { type: 'subscribe'; topics: string[]; since?: number } = {
        type: 'subscribe',
        topics: this.topics,
      };
      if (this.lastSeq !== undefined) request.since = this.lastSeq;
      socket.send(JSON.stringify(request));
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.closed) return;
      if (AUTH_CLOSE_CODES.has(event.code)) {
        this.handlers.onError?.({ code: `close_${event.code}`, message: event.reason });
        this.handlers.onStatus?.('closed');
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const base = Math.min(this.delays.maxMs, this.delays.minMs * 2 ** this.attempts);
    // Jitter spreads the reconnects of many open dashboards after a server restart.
    const delay = base + Math.random() * base * 0.2;
    this.attempts += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, delay);
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const message = frame as Record<string, unknown>;
    const seq = typeof message['seq'] === 'number' ? message['seq'] : undefined;
    switch (message['type']) {
      case 'subscribed':
        this.attempts = 0;
        // After a reconnect the replayed messages follow with seq above `since`, so only the
        // first subscription takes the server's current number as its starting point.
        if (this.lastSeq === undefined) this.lastSeq = seq;
        this.handlers.onStatus?.('open');
        return;
      case 'message':
        if (seq !== undefined) {
          if (this.lastSeq !== undefined && seq <= this.lastSeq) return;
          this.lastSeq = seq;
        }
        this.handlers.onMessage(message as unknown as TopicMessage);
        return;
      case 'resync':
        this.lastSeq = seq;
        this.handlers.onResync?.();
        return;
      case 'error':
        this.handlers.onError?.({
          code: String(message['code'] ?? 'error'),
          message: String(message['message'] ?? ''),
        });
        return;
      default:
        return;
    }
  }
}
