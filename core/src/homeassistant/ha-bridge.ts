import { createConnection, type Connection } from 'home-assistant-js-websocket';
import type { Logger } from 'pino';
import { openHaSocket } from './ha-socket';

export interface HaBridgeOptions {
  url: string;
  token: string;
  log: Logger;
  /** Events kept while Home Assistant is unreachable; the oldest are dropped beyond this. */
  queueLimit?: number;
}

interface QueuedEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Fires Home Assistant bus events (`centinela_detection`, `centinela_backup`) over the
 * WebSocket API. The connection is opened in the background and re-opened by
 * home-assistant-js-websocket after a drop; events raised meanwhile wait in a bounded queue.
 */
export class HomeAssistantBridge {
  private connection: Connection | undefined;
  private readonly queue: QueuedEvent[] = [];
  private stopped = false;
  private flushing = false;
  private readonly queueLimit: number;

  constructor(private readonly options: HaBridgeOptions) {
    this.queueLimit = options.queueLimit ?? 200;
  }

  start(): void {
    void this.connect();
  }

  get connected(): boolean {
    return this.connection?.connected === true;
  }

  fireEvent(type: string, data: Record<string, unknown>): void {
    this.queue.push({ type, data });
    if (this.queue.length > this.queueLimit) {
      this.queue.shift();
      this.options.log.warn({ limit: this.queueLimit }, 'home assistant unreachable, dropped oldest queued event');
    }
    void this.flush();
  }

  stop(): void {
    this.stopped = true;
    this.connection?.close();
  }

  private async connect(): Promise<void> {
    const { url, token, log } = this.options;
    try {
      const connection = await createConnection({
        setupRetry: -1,
        createSocket: async () => openHaSocket({ url, token }),
      });
      if (this.stopped) {
        connection.close();
        return;
      }
      this.connection = connection;
      log.info({ url, haVersion: connection.haVersion }, 'connected to home assistant');
      connection.addEventListener('ready', () => {
        log.info('home assistant connection restored');
        void this.flush();
      });
      connection.addEventListener('disconnected', () => log.warn('home assistant connection lost, reconnecting'));
      connection.addEventListener('reconnect-error', () => log.error('home assistant rejected the token'));
      await this.flush();
    } catch (error) {
      log.error({ code: error }, 'home assistant connection failed');
    }
  }

  // One flush at a time, so that an event is never sent twice by overlapping flushes.
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const connection = this.connection;
      while (connection?.connected === true && this.queue.length > 0) {
        const event = this.queue[0]!;
        try {
          await connection.sendMessagePromise({ type: 'fire_event', event_type: event.type, event_data: event.data });
          this.queue.shift();
        } catch (error) {
          this.options.log.warn({ err: error, eventType: event.type }, 'fire_event failed, will retry');
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
