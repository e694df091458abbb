import { randomBytes } from 'node:crypto';
import {
  startFrigateSimulator,
  type FrigateSimulator,
  type SimulatorOptions,
} from '@centinela/frigate-simulator';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import mqtt, { type MqttClient } from 'mqtt';
import { vi } from 'vitest';
import { startTestCentinela, type TestCentinela } from '../../../../core/test/support/centinela';
import type { TestDatabase } from '../../../../core/test/support/database';
import frigateEventsPlugin from '../../src/index';
import type { FrigateEventsService } from '../../src/service';
import type { SiteRuntime } from '../../src/site-runtime';
import { testAuthPlugin } from './test-auth';

export const MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
export const SITE = 'casa';
export const CAMERAS = ['driveway', 'back_yard'];

/** An item of a list response, as JSON. */
export type Item = Record<string, unknown>;

export interface RequestOptions {
  role?: 'SuperAdmin' | 'Admin' | 'ReadOnly' | null;
  /** Camera ids the caller may see. */
  cameras?: string[];
  payload?: object;
  headers?: Record<string, string>;
}

export interface Harness {
  centinela: TestCentinela;
  /** The Frigate simulator, on loopback, publishing to the real broker under `prefix`. */
  frigate: FrigateSimulator;
  /** Frigate's MQTT topic prefix, unique per harness. */
  prefix: string;
  /** A plain MQTT client for payloads Frigate itself would never send. */
  publisher: MqttClient;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    options?: RequestOptions,
  ): Promise<LightMyRequestResponse>;
  /** Publish a JSON payload (or raw bytes) to `<prefix>/<suffix>` at QoS 1. */
  publish(suffix: string, payload: unknown, options?: { retain?: boolean }): Promise<void>;
  /** `POST /api/events/sync` as SuperAdmin; fails the test on any status but 200. */
  sync(): Promise<Item>;
  /** The stored event of a Frigate id as `GET /api/events` lists it. */
  event(frigateEventId: string): Promise<Item | undefined>;
  /** Wait until the event of a Frigate id is stored and passes `check`; returns it. */
  eventWhen(frigateEventId: string, check: (event: Item) => boolean): Promise<Item>;
  /** Rows stored for a Frigate event id (0 or 1 when upserts work). */
  rowCount(frigateEventId: string): Promise<number>;
  runtime(): SiteRuntime;
  /** Install (or reconfigure) the plugin with `config` and wait for its MQTT subscriptions. */
  configure(config: Record<string, unknown>): Promise<void>;
  /** Resolves once everything queued from MQTT so far is written. */
  drain(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Options of `vi.waitFor` for anything that crosses the broker or a backfill. Its default of
 * one second is too short while two test files start Centinela side by side on two cores.
 */
export const WAIT = { timeout: 10_000, interval: 50 } as const;

/** Settings that keep background work out of the way: backfills run only when a test requests one. */
export const QUIET_CONFIG = { poll_interval_seconds: 3600, initial_backfill_hours: 24 };

export function headersFor(options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  const role = options.role === undefined ? 'SuperAdmin' : options.role;
  if (role !== null) headers['x-test-role'] = role;
  if (options.cameras !== undefined) headers['x-test-cameras'] = options.cameras.join(',');
  return headers;
}

export interface HarnessOptions {
  simulator?: Partial<SimulatorOptions>;
  /** A database of the test's own, such as one reached through an OutageProxy. */
  testDatabase?: TestDatabase;
  config?: Record<string, unknown>;
  env?: Record<string, string>;
}

/**
 * Start a Centinela with the frigate-events plugin and a test authenticator, on a fresh
 * PostgreSQL database and the real Mosquitto broker. Next to it runs a Frigate simulator in
 * this process, with a topic prefix of its own. Frigate publishes at QoS 0 (its default), so
 * what it sends while a subscriber is away is lost, as with the real thing.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const prefix = `fe-test-${randomBytes(5).toString('hex')}`;
  const frigate = await startFrigateSimulator({
    cameras: CAMERAS,
    mqttUrl: MQTT_URL,
    topicPrefix: prefix,
    replay: false,
    reviewInactivitySeconds: 1,
    ...options.simulator,
  });
  const centinela = await startTestCentinela({
    database: 'postgres',
    plugins: [testAuthPlugin, frigateEventsPlugin],
    ...(options.testDatabase === undefined ? {} : { testDatabase: options.testDatabase }),
    env: { FRIGATE_URL: frigate.url, FRIGATE_MQTT_PREFIX: prefix, ...options.env },
  });
  const publisher = await mqtt.connectAsync(MQTT_URL, {
    clientId: `${prefix}-publisher`,
    clean: true,
  });
  const service = centinela.services.get('frigate') as FrigateEventsService;

  const harness: Harness = {
    centinela,
    frigate,
    prefix,
    publisher,
    request(method, url, requestOptions = {}) {
      return centinela.app.inject({
        method,
        url,
        headers: headersFor(requestOptions),
        ...(requestOptions.payload === undefined ? {} : { payload: requestOptions.payload }),
      });
    },
    async publish(suffix, payload, publishOptions = {}) {
      const body =
        Buffer.isBuffer(payload) || typeof payload === 'string' ? payload : JSON.stringify(payload);
      await publisher.publishAsync(`${prefix}/${suffix}`, body, {
        qos: 1,
        retain: publishOptions.retain === true,
      });
    },
    async sync() {
      const response = await harness.request('POST', '/api/events/sync');
      if (response.statusCode !== 200)
        throw new Error(`sync failed with ${response.statusCode}: ${response.body}`);
      return response.json() as Item;
    },
    async event(frigateEventId) {
      const response = await harness.request('GET', '/api/events?limit=200');
      const items = response.json().items as Item[];
      return items.find((item) => item.frigate_event_id === frigateEventId);
    },
    async eventWhen(frigateEventId, check) {
      let found: Item | undefined;
      await vi.waitFor(async () => {
        found = await harness.event(frigateEventId);
        if (found === undefined || !check(found))
          throw new Error(`event ${frigateEventId} not stored as expected yet`);
      }, WAIT);
      return found!;
    },
    async rowCount(frigateEventId) {
      const rows = await service
        .runtime(SITE)
        .sql.query<{ count: number }>(
          'select count(*)::int as count from frigate_events where frigate_event_id = ?',
          [frigateEventId],
        );
      return rows[0]?.count ?? 0;
    },
    runtime: () => service.runtime(SITE),
    async configure(config) {
      const response = await harness.request('PUT', `/api/sites/${SITE}/plugins/frigate-events`, {
        payload: { config },
      });
      if (response.statusCode !== 200) throw new Error(`install failed: ${response.body}`);
      await waitForSubscriptions(harness);
    },
    drain: () => service.runtime(SITE).ingestor.drain(),
    async destroy() {
      await centinela.destroy();
      await frigate.stop();
      await clearRetained(publisher, prefix);
      await publisher.endAsync();
    },
  };
  await harness.configure({ ...QUIET_CONFIG, ...options.config });
  // The first backfill starts with the jobs; a sync waits for it, so it has finished after this.
  await harness.sync();
  return harness;
}

/**
 * Wait until the plugin's subscriptions are active. `<prefix>/available` is subscribed last and
 * the simulator keeps `online` retained there, so a fresh runtime leaves `unknown` once the
 * broker has delivered it.
 */
export async function waitForSubscriptions(harness: Harness): Promise<void> {
  await vi.waitFor(() => {
    if (harness.runtime().availability !== 'online')
      throw new Error('subscriptions not active yet');
  }, WAIT);
}

/**
 * Remove the retained messages the simulator left under `prefix` (availability, camera states,
 * snapshots), so that test runs do not pile them up in the shared broker.
 */
async function clearRetained(client: MqttClient, prefix: string): Promise<void> {
  const topics = new Set<string>();
  const collect = (topic: string, payload: Buffer, packet: { retain: boolean }) => {
    if (packet.retain && payload.length > 0) topics.add(topic);
  };
  client.on('message', collect);
  await client.subscribeAsync(`${prefix}/#`, { qos: 0 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  client.off('message', collect);
  await client.unsubscribeAsync(`${prefix}/#`);
  for (const topic of topics) await client.publishAsync(topic, '', { qos: 1, retain: true });
}
