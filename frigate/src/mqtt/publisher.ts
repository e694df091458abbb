import mqtt, { type MqttClient } from 'mqtt';

import type { SimulatorLogger } from '../logger';

export interface PublisherOptions {
  url: string;
  clientId: string;
  prefix: string;
  qos: 0 | 1;
  logger: SimulatorLogger;
  /** Retained topics (without prefix) to publish on every connect, after `available`. */
  initialTopics: () => [string, string][];
  connectTimeoutMs?: number;
}

/**
 * Frigate's MQTT client: last will `<prefix>/available` = `offline` (QoS 1, retained),
 * `online` plus the retained state topics on every connect, and no offline queue, because
 * Frigate drops what it publishes while disconnected.
 */
export class MqttPublisher {
  private client: MqttClient | undefined;

  constructor(private readonly options: PublisherOptions) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connect and wait for the first CONNACK; rejects if the broker cannot be reached in time. */
  async start(): Promise<void> {
    const { url, clientId, prefix, logger } = this.options;
    const client = mqtt.connect(url, {
      clientId,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: this.options.connectTimeoutMs ?? 5000,
      queueQoSZero: false,
      will: { topic: `${prefix}/available`, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client = client;
    let initialTopics: Promise<void> = Promise.resolve();
    client.on('connect', () => {
      logger.info({ url: redact(url), clientId }, 'connected to the MQTT broker');
      initialTopics = this.publishInitialTopics(client);
    });
    client.on('close', () => logger.debug({ clientId }, 'MQTT connection closed'));
    client.on('error', (error) => logger.warn({ err: error, clientId }, 'MQTT error'));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.end(true);
        reject(
          new Error(
            `could not connect to the MQTT broker at ${redact(url)} within ${this.options.connectTimeoutMs ?? 5000} ms`,
          ),
        );
      }, this.options.connectTimeoutMs ?? 5000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // Callers rely on `available` and the state topics being on the broker once this resolves.
    await initialTopics;
  }

  private async publishInitialTopics(client: MqttClient): Promise<void> {
    const { prefix, qos } = this.options;
    try {
      await client.publishAsync(`${prefix}/available`, 'online', { qos, retain: true });
      for (const [topic, payload] of this.options.initialTopics()) {
        await client.publishAsync(`${prefix}/${topic}`, payload, { qos, retain: true });
      }
      // Frigate listens on its prefix (a message on `onConnect` makes it resend camera
      // activity). The SUBACK also shows that the broker has stored the QoS 0 messages above.
      await client.subscribeAsync(`${prefix}/onConnect`);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'publishing the initial MQTT topics failed');
    }
  }

  /** Publish under the prefix. Dropped (like Frigate does) while disconnected. */
  async publish(
    topic: string,
    payload: string | Buffer,
    options: { retain?: boolean } = {},
  ): Promise<void> {
    const client = this.client;
    const fullTopic = `${this.options.prefix}/${topic}`;
    if (client === undefined || !client.connected) {
      this.options.logger.debug({ topic: fullTopic }, 'MQTT not connected; message dropped');
      return;
    }
    try {
      await client.publishAsync(fullTopic, payload, {
        qos: this.options.qos,
        retain: options.retain ?? false,
      });
    } catch (error) {
      this.options.logger.warn({ err: error, topic: fullTopic }, 'MQTT publish failed');
    }
  }

  /**
   * Close the connection. `graceful` publishes `offline` and sends DISCONNECT (a clean stop);
   * otherwise the socket is dropped so that the broker publishes the last will (a crash).
   */
  async stop(graceful: boolean): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    if (graceful && client.connected) {
      try {
        await client.publishAsync(`${this.options.prefix}/available`, 'offline', {
          qos: 1,
          retain: true,
        });
      } catch (error) {
        this.options.logger.warn({ err: error }, 'publishing offline failed');
      }
      await client.endAsync(false);
    } else {
      await client.endAsync(true);
    }
    this.options.logger.info(
      { clientId: this.options.clientId, graceful },
      'disconnected from the MQTT broker',
    );
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
