import mqtt, { type IClientOptions, type MqttClient, type IClientPublishOptions } from 'mqtt';
import type { Logger } from 'pino';

export type MessageHandler = (topic: string, payload: Buffer, retained: boolean) => void;

interface Subscription {
  filter: string;
  qos: 0 | 1 | 2;
  handler: MessageHandler;
}

export interface MqttConnectionOptions {
  url: string;
  clientId: string;
  /** Retained `offline` on this topic when the connection drops; `online` on connect. */
  availabilityTopic: string;
  log: Logger;
  reconnectPeriodMs?: number;
}

/**
 * Centinela's one connection to the broker. It keeps a persistent session (`clean: false`,
 * fixed client id), so QoS 1 messages sent while Centinela was away arrive on reconnect,
 * and re-sends every subscription when the broker lost the session.
 */
export class MqttConnection {
  readonly client: MqttClient;
  private readonly subscriptions: Subscription[] = [];
  private readonly log: Logger;
  private readonly availabilityTopic: string;
  private readonly onlineListeners = new Set<() => void>();

  constructor(options: MqttConnectionOptions) {
    this.log = options.log;
    this.availabilityTopic = options.availabilityTopic;
    const clientOptions: IClientOptions = {
      clientId: options.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: options.reconnectPeriodMs ?? 2000,
      connectTimeout: 10_000,
      resubscribe: true,
      will: { topic: options.availabilityTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    this.client = mqtt.connect(options.url, clientOptions);
    this.client.on('connect', (packet) => {
      this.log.info({ sessionPresent: packet.sessionPresent }, 'mqtt connected');
      this.client.publish(this.availabilityTopic, 'online', { qos: 1, retain: true });
      if (!packet.sessionPresent) this.resubscribeAll();
      for (const listener of this.onlineListeners) listener();
    });
    this.client.on('offline', () => this.log.warn('mqtt offline, reconnecting'));
    this.client.on('error', (error) => this.log.warn({ err: error }, 'mqtt error'));
    this.client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet.retain));
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Run `listener` on every (re)connect, for example to republish discovery. */
  onConnect(listener: () => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  /** Subscribe `handler` to an MQTT topic filter; returns the function that unsubscribes. */
  subscribe(filter: string, handler: MessageHandler, qos: 0 | 1 | 2 = 1): () => void {
    const subscription: Subscription = { filter, qos, handler };
    this.subscriptions.push(subscription);
    this.client.subscribe(filter, { qos }, (error) => {
      if (error) this.log.warn({ err: error, filter }, 'mqtt subscribe failed');
    });
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
      if (!this.subscriptions.some((other) => other.filter === filter)) {
        this.client.unsubscribe(filter);
      }
    };
  }

  async publish(topic: string, payload: string | Buffer, options: IClientPublishOptions = {}): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, ...options });
  }

  waitForConnect(timeoutMs: number): Promise<boolean> {
    if (this.client.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.client.off('connect', onConnect);
        resolve(false);
      }, timeoutMs);
      const onConnect = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.client.once('connect', onConnect);
    });
  }

  /**
   * Publish `offline` and disconnect cleanly (the broker keeps the session). A broker that
   * stopped responding would hold both steps forever, because QoS 1 waits for its PUBACK and a
   * clean end waits for in-flight messages, so each step has a deadline and the client is then
   * closed by force.
   */
  async close(): Promise<void> {
    if (this.client.connected) {
      await withDeadline(
        this.client.publishAsync(this.availabilityTopic, 'offline', { qos: 1, retain: true }),
        CLOSE_STEP_MS,
      ).catch(() => undefined);
    }
    const ended = await withDeadline(this.client.endAsync(), CLOSE_STEP_MS).then(
      () => true,
      () => false,
    );
    if (!ended) await this.client.endAsync(true);
  }

  private resubscribeAll(): void {
    for (const { filter, qos } of this.subscriptions) this.client.subscribe(filter, { qos });
  }

  private dispatch(topic: string, payload: Buffer, retained: boolean): void {
    for (const subscription of this.subscriptions) {
      if (!topicMatches(subscription.filter, topic)) continue;
      try {
        subscription.handler(topic, payload, retained);
      } catch (error) {
        this.log.warn({ err: error, topic }, 'mqtt handler failed');
      }
    }
  }
}

/** MQTT topic filter matching with `+` and `#`, including `$share/<group>/` filters. */
export function topicMatches(filter: string, topic: string): boolean {
  const effective = filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
  const filterLevels = effective.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i += 1) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** How long each shutdown step may wait for the broker. */
const CLOSE_STEP_MS = 3_000;

/** Resolves as `promise` does, or rejects once `ms` have passed. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`broker did not respond within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
