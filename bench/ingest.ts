import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { startCoreProcess, BENCH_SITE, type CoreProcess } from './support/core-process';
import { subscribeEvents } from './support/events-socket';
import { frigateEventId, newEventMessage } from './support/frigate-messages';
import { LoadRun, type LoadMode, type LoadResult } from './support/load';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';
import { percentile, ratioOf, round, type BenchSection, type Figure } from './types';

const MQTT_URL = process.env.BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 10_000);
const LATENCY_RATE = 200;
const LATENCY_SECONDS = 10;
/** In-flight messages in the throughput runs; below Mosquitto's default max_queued_messages (1000). */
const WINDOW = 500;
const CAMERAS = ['driveway', 'porch', 'back_yard', 'garage'];

/**
 * Ingestion: a Frigate `new` message published to Mosquitto, stored by the frigate-events
 * plugin in PostgreSQL and announced on /api/ws, against a bare mqtt.js round trip through the
 * same broker and against batched INSERTs of the same rows through pg.
 */
export const ingestSection: BenchSection = {
  name: 'ingest',
  async run(): Promise<Figure[]> {
    const bareThroughput = await bareRoundTrip({ kind: 'window', size: WINDOW }, COUNT);
    const bareLatency = await bareRoundTrip(
      { kind: 'rate', perSecond: LATENCY_RATE },
      LATENCY_RATE * LATENCY_SECONDS,
    );

    const database = await createScratchDatabase();
    let core: CoreProcess | undefined;
    try {
      const prefix = `bench-${randomBytes(4).toString('hex')}`;
      core = await startCoreProcess({
        DATABASE_URL: database.url,
        MQTT_URL,
        // Nothing listens there: ingestion runs from MQTT alone, with no backfill traffic.
        FRIGATE_URL: 'http://127.0.0.1:9',
        FRIGATE_MQTT_PREFIX: prefix,
      });
      const throughput = await coreRoundTrip(core, prefix, { kind: 'window', size: WINDOW }, COUNT);
      const latency = await coreRoundTrip(
        core,
        prefix,
        { kind: 'rate', perSecond: LATENCY_RATE },
        LATENCY_RATE * LATENCY_SECONDS,
      );
      const insertPerSecond = await batchedInsertRate(database, COUNT);
      const commitLatency = await singleInsertLatency(database, LATENCY_RATE * LATENCY_SECONDS);
      return [
        ...figures(throughput, latency, bareThroughput, bareLatency, insertPerSecond),
        {
          section: 'ingest',
          name: `p99 latency at ${LATENCY_RATE} events/s vs commit`,
          value: round(latency.p99Ms, 1),
          unit: 'ms',
          baseline: 'one-row INSERT and commit with pg at the same rate (p99)',
          baselineValue: round(commitLatency.p99Ms, 1),
          ratio: round(ratioOf(latency.p99Ms, commitLatency.p99Ms, false), 2),
          note: `commit p50 ${round(commitLatency.p50Ms, 1)} ms`,
        },
      ];
    } finally {
      await core?.stop();
      await database.drop();
    }
  },
};

function figures(
  throughput: LoadResult,
  latency: LoadResult,
  bareThroughput: LoadResult,
  bareLatency: LoadResult,
  insertPerSecond: number,
): Figure[] {
  const lossNote = (result: LoadResult) =>
    `${result.received}/${result.sent} arrived, ${result.duplicates} duplicates`;
  return [
    {
      section: 'ingest',
      name: 'sustained MQTT → row → WebSocket',
      value: round(throughput.perSecond, 0),
      unit: 'events/s',
      baseline: `bare mqtt.js round trip via Mosquitto, ${WINDOW} in flight`,
      baselineValue: round(bareThroughput.perSecond, 0),
      ratio: round(ratioOf(throughput.perSecond, bareThroughput.perSecond, true), 2),
      target: '>= 2000 events/s',
      met: throughput.perSecond >= 2000 && throughput.received === throughput.sent,
      note: `${COUNT} events; ${lossNote(throughput)}`,
    },
    {
      section: 'ingest',
      name: 'sustained ingest vs database floor',
      value: round(throughput.perSecond, 0),
      unit: 'events/s',
      baseline: `batched INSERT of the same rows with pg, ${WINDOW} per statement`,
      baselineValue: round(insertPerSecond, 0),
      ratio: round(ratioOf(throughput.perSecond, insertPerSecond, true), 2),
    },
    {
      section: 'ingest',
      name: `p50 latency at ${LATENCY_RATE} events/s`,
      value: round(latency.p50Ms, 1),
      unit: 'ms',
      baseline: 'bare mqtt.js round trip at the same rate',
      baselineValue: round(bareLatency.p50Ms, 1),
      ratio: round(ratioOf(latency.p50Ms, bareLatency.p50Ms, false), 2),
      note: lossNote(latency),
    },
    {
      section: 'ingest',
      name: `p99 latency at ${LATENCY_RATE} events/s`,
      value: round(latency.p99Ms, 1),
      unit: 'ms',
      baseline: 'bare mqtt.js round trip at the same rate',
      baselineValue: round(bareLatency.p99Ms, 1),
      ratio: round(ratioOf(latency.p99Ms, bareLatency.p99Ms, false), 2),
      target: '< 100 ms',
      met: latency.p99Ms < 100 && latency.received === latency.sent,
    },
  ];
}

async function connect(name: string): Promise<MqttClient> {
  return mqtt.connectAsync(MQTT_URL, {
    clientId: `${name}-${randomBytes(4).toString('hex')}`,
    clean: true,
  });
}

function message(
  topic: string,
  publisher: MqttClient,
  index: number,
): { id: string; send: () => void } {
  const id = frigateEventId(Date.now() / 1000);
  const payload = newEventMessage(id, CAMERAS[index % CAMERAS.length]!, Date.now() / 1000);
  return { id, send: () => publisher.publish(topic, payload, { qos: 1 }) };
}

/** Publisher → Mosquitto → subscriber, both mqtt.js at QoS 1; the subscriber parses each payload. */
async function bareRoundTrip(mode: LoadMode, count: number): Promise<LoadResult> {
  const topic = `bench-bare-${randomBytes(4).toString('hex')}/events`;
  const [publisher, subscriber] = await Promise.all([connect('bench-pub'), connect('bench-sub')]);
  try {
    const load = new LoadRun();
    subscriber.on('message', (_topic, payload) => {
      const at = performance.now();
      const parsed = JSON.parse(payload.toString('utf8')) as { after: { id: string } };
      load.arrive(parsed.after.id, at);
    });
    await subscriber.subscribeAsync(topic, { qos: 1 });
    return await load.run(count, mode, (index) => message(topic, publisher, index));
  } finally {
    await Promise.all([publisher.endAsync(), subscriber.endAsync()]);
  }
}

/** Publisher → Mosquitto → Centinela (frigate-events, PostgreSQL) → /api/ws subscriber. */
async function coreRoundTrip(
  core: CoreProcess,
  prefix: string,
  mode: LoadMode,
  count: number,
): Promise<LoadResult> {
  const token = await core.login();
  const publisher = await connect('bench-frigate');
  const topic = `${prefix}/events`;
  const next = (index: number) => message(topic, publisher, index);
  let load = new LoadRun();
  const socket = await subscribeEvents(core.url, token, BENCH_SITE, (event) => {
    if (event.kind === 'new') load.arrive(event.frigateEventId, event.receivedAt);
  });
  try {
    // The plugin subscribes in the background after start: send single events until one comes back.
    let ready = false;
    for (let attempt = 0; attempt < 40 && !ready; attempt += 1) {
      load = new LoadRun();
      ready = (await load.run(1, { kind: 'window', size: 1 }, next, 500)).received === 1;
    }
    if (!ready)
      throw new Error(
        'no event came back on /api/ws within 20 s; is the frigate-events plugin running?',
      );
    // Camera rows, prepared statements and JIT settle before the measured run.
    load = new LoadRun();
    await load.run(500, { kind: 'window', size: 100 }, next, 20_000);
    load = new LoadRun();
    return await load.run(count, mode, next);
  } finally {
    socket.close();
    await publisher.endAsync();
  }
}

/** Per-statement time of one-row INSERTs (each its own commit) into a copy of frigate_events, paced. */
async function singleInsertLatency(
  database: ScratchDatabase,
  count: number,
): Promise<{ p50Ms: number; p99Ms: number }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select id from frigate_cameras limit 1');
    const times: number[] = [];
    const interval = 1000 / LATENCY_RATE;
    for (let index = 0; index < count; index += 1) {
      const start = Date.now() / 1000;
      const id = frigateEventId(start);
      const raw = (JSON.parse(newEventMessage(id, 'driveway', start)) as { after: unknown }).after;
      const began = performance.now();
      await client.query(
        `insert into bench_events (site_id, camera_id, frigate_event_id, label, start_time, raw) values ($1, $2, $3, 'person', to_timestamp($4), $5)`,
        [BENCH_SITE, rows[0]?.id, id, start, JSON.stringify(raw)],
      );
      const took = performance.now() - began;
      times.push(took);
      if (took < interval) await new Promise((resolve) => setTimeout(resolve, interval - took));
    }
    times.sort((a, b) => a - b);
    return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
  } finally {
    await client.end();
  }
}

/** Rows per second inserted into a copy of frigate_events (same columns and indexes) in batches. */
async function batchedInsertRate(database: ScratchDatabase, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      'create table bench_events (like frigate_events including defaults including indexes)',
    );
    const { rows } = await client.query<{ id: string }>('select id from frigate_cameras limit 1');
    const cameraId = rows[0]?.id;
    if (cameraId === undefined) throw new Error('no camera row to insert events for');
    const started = performance.now();
    for (let offset = 0; offset < count; offset += WINDOW) {
      const batch = [];
      for (let index = offset; index < Math.min(count, offset + WINDOW); index += 1) {
        const start = Date.now() / 1000;
        const id = frigateEventId(start);
        const raw = JSON.parse(newEventMessage(id, 'driveway', start)) as {
          after: Record<string, unknown>;
        };
        batch.push({
          frigate_event_id: id,
          camera_id: cameraId,
          label: 'person',
          score: 0.81,
          top_score: 0.79,
          start_time: start,
          has_clip: true,
          zones: ['driveway_apron'],
          raw: raw.after,
          frame_time: start + 1.2,
        });
      }
      await client.query(
        `insert into bench_events (site_id, camera_id, frigate_event_id, label, score, top_score, start_time, has_clip, zones, raw, frame_time)
         select $2, camera_id, frigate_event_id, label, score, top_score, to_timestamp(start_time), has_clip, zones, raw, frame_time
         from jsonb_to_recordset($1::jsonb) as x(frigate_event_id text, camera_id uuid, label text, score double precision,
           top_score double precision, start_time double precision, has_clip boolean, zones jsonb, raw jsonb, frame_time double precision)`,
        [JSON.stringify(batch), BENCH_SITE],
      );
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}
