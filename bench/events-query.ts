import pg from 'pg';
import { Pool } from 'undici';
import { encodeCursor } from '../plugins/frigate-events/src/db/cursor';
import { EVENT_COLUMNS } from '../plugins/frigate-events/src/db/event-rows';
import { startCoreProcess, BENCH_SITE, type CoreProcess } from './support/core-process';
import { createScratchDatabase } from './support/scratch-database';
import { percentile, ratioOf, round, type BenchSection, type Figure } from './types';

const ROWS = Number(process.env.BENCH_EVENTS_ROWS ?? 1_000_000);
const QUERIES = 300;
const WARM_UP = 30;
const PAGE = 50;
const CAMERAS = ['driveway', 'porch', 'back_yard', 'garage'];
const LABELS = ['person', 'car', 'dog', 'cat', 'bicycle'];

interface PageQuery {
  cameraId: string;
  label: string;
  /** Null for a first page. */
  cursor: { startKey: string; id: string } | null;
}

/**
 * Events query: p95 of one filtered keyset page (camera, label, has_clip, cursor) through
 * GET /api/events on a table of a million events, against the same SQL through pg.
 */
export const eventsQuerySection: BenchSection = {
  name: 'events query',
  async run(): Promise<Figure[]> {
    const database = await createScratchDatabase();
    let core: CoreProcess | undefined;
    const client = new pg.Client({ connectionString: database.url });
    try {
      core = await startCoreProcess({
        DATABASE_URL: database.url,
        MQTT_URL: 'mqtt://127.0.0.1:1883',
        FRIGATE_URL: 'http://127.0.0.1:9',
      });
      const token = await core.login();
      const http = new Pool(core.url, { connections: 1 });
      await client.connect();
      const cameraIds = await createCameras(client);
      const loadSeconds = await loadEvents(client, cameraIds);
      const queries = await pickQueries(client, cameraIds);

      const api: number[] = [];
      const bare: number[] = [];
      for (const [index, query] of queries.entries()) {
        // Alternating the two keeps background load on the machine from favouring one side.
        const apiMs = await timeApi(http, token, query);
        const bareMs = await timeBare(client, query);
        if (index >= WARM_UP) {
          api.push(apiMs);
          bare.push(bareMs);
        }
      }
      const health = await timeSimple(http, '/api/health', null);
      const roles = await timeSimple(http, '/api/roles', token);
      await http.close();
      api.sort((a, b) => a - b);
      bare.sort((a, b) => a - b);
      const apiP95 = percentile(api, 95);
      const bareP95 = percentile(bare, 95);
      return [
        {
          section: 'events query',
          name: `p95 filtered keyset page, ${ROWS.toLocaleString('en')} events`,
          value: round(apiP95, 2),
          unit: 'ms',
          baseline: 'the same SQL through pg (p95)',
          baselineValue: round(bareP95, 2),
          ratio: round(ratioOf(apiP95, bareP95, false), 2),
          target: '<= 2x bare (ratio >= 0.5)',
          met: apiP95 <= 2 * bareP95,
          note:
            `${api.length} pages of ${PAGE} (camera, label, has_clip, cursor); p50 ${round(percentile(api, 50), 2)} vs ${round(percentile(bare, 50), 2)} ms; ` +
            `p50 of GET /api/health (no login) ${round(health, 2)} ms and of GET /api/roles (login check, no query) ${round(roles, 2)} ms on the same connection; bulk load ${round(loadSeconds, 0)} s`,
        },
      ];
    } finally {
      await client.end().catch(() => undefined);
      await core?.stop();
      await database.drop();
    }
  },
};

/** Camera rows written directly: POST /api/cameras would ask Frigate, and none runs here. */
async function createCameras(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `insert into frigate_cameras (site_id, name, friendly_name, in_frigate)
     select $1, name, name, true from unnest($2::text[]) as name returning id`,
    [BENCH_SITE, CAMERAS],
  );
  return rows.map((row) => row.id);
}

/** Bulk-load ROWS events, one every 2.5 s back from now, over four cameras and five labels. */
async function loadEvents(client: pg.Client, cameraIds: string[]): Promise<number> {
  const started = performance.now();
  await client.query(
    `insert into frigate_events (site_id, camera_id, frigate_event_id, label, score, top_score, start_time, end_time,
       has_clip, has_snapshot, zones, severity, frame_time, data, raw)
     select $1, ($2::uuid[])[1 + g % 4], (extract(epoch from t.start)::numeric(16,6))::text || '-' || lpad(to_hex(g), 6, '0'),
       ($3::text[])[1 + (g / 4) % 5], 0.8, 0.86, t.start, t.start + interval '20 seconds',
       g % 3 <> 0, true, '["driveway_apron"]'::jsonb, case when g % 5 = 0 then 'alert' else 'detection' end,
       extract(epoch from t.start) + 20,
       jsonb_build_object('box', jsonb_build_array(0.41, 0.22, 0.08, 0.36), 'region', jsonb_build_array(0.3, 0.1, 0.35, 0.62),
         'score', 0.8, 'top_score', 0.86, 'attributes', '[]'::jsonb, 'type', 'object', 'max_severity', 'detection'),
       '{}'::jsonb
     from generate_series(1, $4::int) as g, lateral (select now() - g * interval '2.5 seconds' as start) as t`,
    [BENCH_SITE, cameraIds, LABELS, ROWS],
  );
  await client.query('vacuum analyze frigate_events');
  return (performance.now() - started) / 1000;
}

/** Picks the pages to ask for: a tenth are first pages, the rest start at a random event of their filter. */
async function pickQueries(client: pg.Client, cameraIds: string[]): Promise<PageQuery[]> {
  const { rows } = await client.query<{
    camera_id: string;
    label: string;
    start_key: string;
    id: string;
  }>(
    `select e.camera_id, e.label, to_char(e.start_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as start_key, e.id
     from frigate_events e tablesample system (1) where e.has_clip order by random() limit $1`,
    [QUERIES],
  );
  return rows.map((row, index) =>
    index % 10 === 0
      ? {
          cameraId: cameraIds[index % cameraIds.length]!,
          label: LABELS[index % LABELS.length]!,
          cursor: null,
        }
      : {
          cameraId: row.camera_id,
          label: row.label,
          cursor: { startKey: row.start_key, id: row.id },
        },
  );
}

async function timeApi(http: Pool, token: string, query: PageQuery): Promise<number> {
  const params = new URLSearchParams({
    camera_id: query.cameraId,
    label: query.label,
    has_clip: 'true',
    limit: String(PAGE),
  });
  if (query.cursor !== null) params.set('cursor', encodeCursor(query.cursor));
  const started = performance.now();
  const response = await http.request({
    method: 'GET',
    path: `/api/events?${params}`,
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.body.json()) as { items?: unknown[] };
  const took = performance.now() - started;
  if (response.statusCode !== 200 || !Array.isArray(body.items)) {
    throw new Error(
      `GET /api/events failed with HTTP ${response.statusCode}: ${JSON.stringify(body).slice(0, 200)}`,
    );
  }
  return took;
}

/** Returns the p50 of 100 requests to a route without a query, to split the API's overhead. */
async function timeSimple(http: Pool, path: string, token: string | null): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < 100; index += 1) {
    const started = performance.now();
    const response = await http.request({
      method: 'GET',
      path,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
    await response.body.dump();
    if (response.statusCode !== 200)
      throw new Error(`GET ${path} failed with HTTP ${response.statusCode}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

/** Times the statement listEvents builds for the same filter, sent through pg with the same values. */
async function timeBare(client: pg.Client, query: PageQuery): Promise<number> {
  const params: unknown[] = [BENCH_SITE, query.cameraId, query.label, true];
  let keyset = '';
  if (query.cursor !== null) {
    keyset = ' and (e.start_time, e.id) < ($5::timestamptz, $6::uuid)';
    params.push(query.cursor.startKey, query.cursor.id);
  }
  params.push(PAGE + 1);
  const started = performance.now();
  await client.query(
    `select ${EVENT_COLUMNS} from frigate_events e join frigate_cameras c on c.id = e.camera_id
     where e.site_id = $1 and c.deleted_at is null and e.camera_id = $2 and e.label = $3 and e.has_clip = $4${keyset}
     order by e.start_time desc, e.id desc limit $${params.length}`,
    params,
  );
  return performance.now() - started;
}
