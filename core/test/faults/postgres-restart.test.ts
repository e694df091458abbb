import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA, SITE, startFrigateSite, type FrigateSite } from './support/frigate-site';
import { TestCluster } from './support/postgres-cluster';
import { TcpProxy } from './support/tcp-proxy';

/**
 * PostgreSQL goes away and comes back (a restart, an upgrade, a host that drops off the
 * network). The cluster is the test's own, reached through a TCP proxy the test controls, so
 * stopping it touches no other test. While it is away, requests that need the database get 503
 * with Retry-After instead of hanging or failing with 500. Detections that arrive meanwhile are
 * stored once it is back.
 */
let cluster: TestCluster;
let proxy: TcpProxy;
let site: FrigateSite;

/** Fails the test instead of waiting for the core's own (much longer) timeouts. */
function within<T>(promise: Promise<T>, ms: number, action: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${action} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function detectionsDuringOutage(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const event = site.simulator.addEvent({ camera: CAMERA, label: 'person' });
    ids.push(event.id);
    await delay(20);
    site.simulator.endEvent(event.id);
  }
  await site.simulator.idle();
  // Let the ingestion meet the missing database before it comes back.
  await delay(1000);
  return ids;
}

async function configure(config: Record<string, unknown>): Promise<void> {
  const response = await site.request('PUT', `/api/sites/${SITE}/plugins/frigate-events`, {
    config,
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  cluster = await TestCluster.create();
  const database = await cluster.createDatabase('centinela');
  proxy = await TcpProxy.start(cluster.port);
  const url = `postgresql://postgres@127.0.0.1:${proxy.port}/${database.name}`;
  site = await startFrigateSite({ testDatabase: { ...database, url } });
});

afterAll(async () => {
  await site?.stop().catch(() => undefined);
  await proxy?.close();
  await cluster?.destroy();
});

describe('PostgreSQL restart', () => {
  it('answers 503 with Retry-After while the server is stopped', async () => {
    await cluster.stop('fast');
    try {
      const response = await within(
        site.request('GET', '/api/events'),
        10_000,
        'GET /api/events with the database down',
      );
      expect(response.statusCode, response.body).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.json().code).toBe('CEN_ERR_SERVICE_UNAVAILABLE');
      expect(response.body).not.toMatch(/ECONNREFUSED|\n\s+at /);

      const ready = await within(
        site.request('GET', '/api/ready'),
        10_000,
        'GET /api/ready with the database down',
      );
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.database.state).toBe('down');
    } finally {
      await cluster.start();
    }
    const after = await within(
      site.request('GET', '/api/events'),
      10_000,
      'GET /api/events after the restart',
    );
    expect(after.statusCode).toBe(200);
  });

  // TODO: fails until the PostgreSQL pool has connect, acquire and read timeouts
  // (core/src/db/orm.ts) and a read timeout counts as unavailable; then turn it into it().
  it.fails('answers 503 within 10 s when the server stops answering', async () => {
    proxy.setMode('blackhole');
    try {
      const response = await within(
        site.request('GET', '/api/events'),
        12_000,
        'GET /api/events with the database silent',
      );
      expect(response.statusCode, response.body).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      proxy.setMode('pass');
    }
  });

  it('writes MQTT detections from the outage without waiting for a backfill', async () => {
    // A one-hour poll: only the ingestion's own retry can store these within the test.
    await configure({ poll_interval_seconds: 3600 });
    await cluster.stop('fast');
    let ids: string[];
    try {
      ids = await detectionsDuringOutage(10);
    } finally {
      await cluster.start();
    }
    await site.waitForEnded(ids, 15_000);
  });

  it('backfills detections from the outage once the server is back', async () => {
    // The shortest poll interval, so the backfill comes soon after the restart.
    await configure({ poll_interval_seconds: 5 });
    await cluster.stop('fast');
    let ids: string[];
    try {
      ids = await detectionsDuringOutage(10);
    } finally {
      await cluster.start();
    }
    await site.waitForEnded(ids, 20_000);
    const response = await site.request('GET', '/api/events?limit=50');
    expect(response.statusCode).toBe(200);
    const listed = (response.json().items as Array<{ frigate_event_id: string }>).map(
      (item) => item.frigate_event_id,
    );
    for (const id of ids) expect(listed).toContain(id);
  });
});
