import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import mqtt, { type MqttClient } from 'mqtt';

/** The Mosquitto of the development machine and CI. */
export const brokerUrl = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

/** Build a topic prefix that no other test uses, so that tests can run in parallel on one broker. */
export function uniquePrefix(name: string): string {
  return `test-frigate-${name}-${randomBytes(4).toString('hex')}`;
}

export interface ReceivedMessage {
  /** Topic without the prefix, for example `events` or `entrada/person/snapshot`. */
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/** The parsed `before`/`after`/`type` envelope of `events` and `reviews`. */
export interface Envelope {
  type: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Records everything published under a prefix, in arrival order. */
export class TopicRecorder {
  readonly messages: ReceivedMessage[] = [];

  private constructor(
    private readonly client: MqttClient,
    readonly prefix: string,
  ) {}

  static async start(prefix: string): Promise<TopicRecorder> {
    const client = await mqtt.connectAsync(brokerUrl, {
      clientId: `recorder-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 0,
    });
    const recorder = new TopicRecorder(client, prefix);
    client.on('message', (topic, payload, packet) => {
      recorder.messages.push({
        topic: topic.slice(prefix.length + 1),
        payload,
        retain: packet.retain,
      });
    });
    await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
    return recorder;
  }

  on(topic: string): ReceivedMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  /** Parsed `events` or `reviews` messages; `eventId` keeps one object's messages. */
  envelopes(topic: 'events' | 'reviews', eventId?: string): Envelope[] {
    return this.on(topic)
      .filter((message) => message.payload.length > 0)
      .map((message) => JSON.parse(message.payload.toString()) as Envelope)
      .filter((envelope) => eventId === undefined || envelope.after.id === eventId);
  }

  /** Wait until `check` returns a value other than undefined; fails after `timeoutMs`. */
  async waitFor<T>(
    check: () => T | undefined,
    timeoutMs = 5000,
    expectation = 'MQTT messages',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        const seen = this.messages.map((message) => message.topic).join(', ');
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${expectation}; received: ${seen || 'nothing'}`,
        );
      }
      await delay(25);
    }
  }

  /** Wait for at least `count` messages on `topic`. */
  waitForCount(topic: string, count: number, timeoutMs = 5000): Promise<ReceivedMessage[]> {
    return this.waitFor(
      () => {
        const found = this.on(topic);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} message(s) on ${topic}`,
    );
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/**
 * Delete every retained message under `prefix`, so that test runs leave no state on the
 * shared broker. The broker sends retained messages right after the SUBACK, so a short wait
 * collects them on a local broker.
 */
export async function clearRetained(prefix: string): Promise<void> {
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: `cleaner-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 0,
  });
  const topics = new Set<string>();
  client.on('message', (topic, payload, packet) => {
    if (packet.retain && payload.length > 0) topics.add(topic);
  });
  await client.subscribeAsync(`${prefix}/#`);
  await delay(150);
  // QoS 0 avoids a delayed-ACK pause per message; the closing SUBACK shows the broker has
  // processed every clear sent before it on this connection.
  for (const topic of topics) await client.publishAsync(topic, '', { retain: true });
  await client.subscribeAsync(`${prefix}/cleared`);
  await client.endAsync();
}

/** Read the retained payload of one topic as a new subscriber receives it; undefined when none. */
export async function readRetained(topic: string, waitMs = 150): Promise<Buffer | undefined> {
  const client = await mqtt.connectAsync(brokerUrl, {
    clientId: `reader-${randomBytes(4).toString('hex')}`,
    reconnectPeriod: 0,
  });
  let retained: Buffer | undefined;
  client.on('message', (_topic, payload, packet) => {
    if (packet.retain && payload.length > 0) retained = payload;
  });
  await client.subscribeAsync(topic);
  await delay(waitMs);
  await client.endAsync();
  return retained;
}
