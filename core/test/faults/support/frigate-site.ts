import { randomBytes } from 'node:crypto';
import type { Response } from 'light-my-request';
import { vi } from 'vitest';
import frigateEventsPlugin from '@centinela/plugin-frigate-events';
import {
  startFrigateSimulator,
  type FrigateSimulator,
  type SimulatorOptions,
} from '@centinela/frigate-simulator';
import type { FrigateEventsService } from '../../../../plugins/frigate-events/src/service';
import type { DetectionMessage } from '../../../src/bus/event-bus';
import { startTestCentinela, type TestCentinela } from '../../support/centinela';
import type { TestDatabase } from '../../support/database';
import { headerAuthPlugin } from '../../support/test-plugins';

export const SUPER_ADMIN = { 'x-test-role': 'SuperAdmin' };

export const SITE = 'casa';
export const CAMERA = 'front_door';
const SHARED_BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export interface StoredEventRow {
  frigate_event_id: string;
  ended: boolean;
}

export interface FrigateSite {
  centinela: TestCentinela;
  simulator: FrigateSimulator;
  /** Frigate's MQTT topic prefix on this site, unique per site. */
  prefix: string;
  /** Every detection the bus carried (what Home Assistant and WebSocket clients are sent). */
  detections: DetectionMessage[];
  request(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<Response>;
  /** Stored rows of the given Frigate ids. */
  rows(frigateIds: string[]): Promise<StoredEventRow[]>;
  /** Resolves once every id is stored and ended, or fails after `timeoutMs`. */
  waitForEnded(frigateIds: string[], timeoutMs: number): Promise<void>;
  runtime(): ReturnType<FrigateEventsService['runtime']>;
  stop(): Promise<void>;
}

export interface FrigateSiteOptions {
  /** Broker the simulator and Centinela share; the shared Mosquitto by default. */
  mqttUrl?: string;
  testDatabase?: TestDatabase;
  /** frigate-events config on top of a one-hour poll, so only the tested path backfills. */
  config?: Record<string, unknown>;
  simulator?: SimulatorOptions;
}

/**
 * Starts the Frigate simulator (one camera, no footage) and a Centinela with the frigate-events
 * plugin on real PostgreSQL, both on `mqttUrl` with a topic prefix of their own.
 */
export async function startFrigateSite(options: FrigateSiteOptions = {}): Promise<FrigateSite> {
  const mqttUrl = options.mqttUrl ?? SHARED_BROKER;
  const prefix = `fault-${randomBytes(4).toString('hex')}`;
  const simulator = await startFrigateSimulator({
    mqttUrl,
    topicPrefix: prefix,
    cameras: [CAMERA],
    ...options.simulator,
  });
  let centinela: TestCentinela;
  try {
    centinela = await startTestCentinela({
      database: 'postgres',
      plugins: [headerAuthPlugin, frigateEventsPlugin],
      env: { MQTT_URL: mqttUrl, FRIGATE_URL: simulator.url, FRIGATE_MQTT_PREFIX: prefix },
      ...(options.testDatabase === undefined ? {} : { testDatabase: options.testDatabase }),
    });
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  const detections: DetectionMessage[] = [];
  const subscription = centinela.bus
    .on('detection')
    .subscribe((message) => detections.push(message));
  const service = centinela.services.get('frigate') as unknown as FrigateEventsService;
  const query = <T>(sql: string, params: unknown[]) =>
    centinela.database.orm.em.fork().getConnection().execute<T[]>(sql, params, 'all');

  const site: FrigateSite = {
    centinela,
    simulator,
    prefix,
    detections,
    request: (method, url, payload) =>
      centinela.app.inject({
        method,
        url,
        headers: SUPER_ADMIN,
        ...(payload === undefined ? {} : { payload }),
      }),
    rows: (frigateIds) =>
      query<StoredEventRow>(
        'select frigate_event_id, end_time is not null as ended from frigate_events where frigate_event_id in (select jsonb_array_elements_text(?::jsonb))',
        [JSON.stringify(frigateIds)],
      ),
    async waitForEnded(frigateIds, timeoutMs) {
      await vi.waitFor(
        async () => {
          const rows = await site.rows(frigateIds);
          const ended = rows.filter((row) => row.ended).length;
          if (ended < frigateIds.length)
            throw new Error(`${ended} of ${frigateIds.length} events stored and ended`);
        },
        { timeout: timeoutMs, interval: 250 },
      );
    },
    runtime: () => service.runtime(SITE),
    async stop() {
      subscription.unsubscribe();
      await centinela.destroy();
      await simulator.stop();
    },
  };

  const installed = await site.request('PUT', `/api/sites/${SITE}/plugins/frigate-events`, {
    config: { poll_interval_seconds: 3600, ...options.config },
  });
  if (installed.statusCode !== 200)
    throw new Error(`configuring frigate-events failed: ${installed.body}`);
  // The simulator's retained `available` = online arrives once the plugin's subscriptions are active.
  await vi.waitFor(
    () => {
      if (service.runtime(SITE).availability !== 'online')
        throw new Error('frigate-events is not subscribed yet');
    },
    { timeout: 10_000, interval: 100 },
  );
  return site;
}

/** Counts detection messages per Frigate id and kind. */
export function countByKind(
  detections: DetectionMessage[],
  frigateId: string,
  kind: DetectionMessage['kind'],
): number {
  return detections.filter(
    (message) => message.frigateEventId === frigateId && message.kind === kind,
  ).length;
}
