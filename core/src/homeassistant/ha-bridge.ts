import {
  createConnection,
  ERR_CONNECTION_LOST,
  type Connection,
} from 'home-assistant-js-websocket';
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

  /**
   * Send one WebSocket command and return its result. Unlike events, commands are not queued:
   * the promise rejects at once while Home Assistant is unreachable.
   */
  async command<T>(message: { type: string } & Record<string, unknown>): Promise<T> {
    const connection = this.connection;
    if (connection?.connected !== true) throw new Error('Home Assistant is not connected');
    return connection.sendMessagePromise<T>(message);
  }

  fireEvent(type: string, data: Record<string, unknown>): void {
    this.queue.push({ type, data });
    if (this.queue.length > this.queueLimit) {
      this.queue.shift();
      this.options.log.warn(
        { limit: this.queueLimit },
        'home assistant unreachable, dropped oldest queued event',
      );
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
      connection.addEventListener('disconnected', () =>
        log.warn('home assistant connection lost, reconnecting'),
      );
      connection.addEventListener('reconnect-error', () =>
        log.error('home assistant rejected the token'),
      );
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
          await connection.sendMessagePromise({
            type: 'fire_event',
            event_type: event.type,
            event_data: event.data,
          });
          this.queue.shift();
        } catch (error) {
          if (isConnectionLost(error)) {
            // The event stays first in the queue and goes out after the reconnect. Home
            // Assistant receives it twice if it fired the event before the link dropped.
            this.options.log.warn({ eventType: event.type }, 'fire_event interrupted, will retry');
            return;
          }
          // Home Assistant answered with an error (for example `unauthorized` for a user that is
          // not an administrator). Sending it again would fail the same way and block the queue.
          this.queue.shift();
          this.options.log.error(
            { err: error, eventType: event.type },
            'home assistant rejected fire_event, event dropped',
          );
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/**
 * Tell whether a rejected command failed because the link dropped. home-assistant-js-websocket
 * rejects a command sent while disconnected with ERR_CONNECTION_LOST, and one in flight at
 * the drop with a result message whose `error.code` is ERR_CONNECTION_LOST (9.x).
 */
function isConnectionLost(error: unknown): boolean {
  if (error === ERR_CONNECTION_LOST) return true;
  if (typeof error !== 'object' || error === null || !('error' in error)) return false;
  const detail = (error as { error: unknown }).error;
  return (
    typeof detail === 'object' &&
    detail !== null &&
    (detail as { code?: unknown }).code === ERR_CONNECTION_LOST
  );
}
