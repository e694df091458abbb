import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startFrigateSimulator } from '../frigate/src/index';
import type { FrigateSimulator } from '../frigate/src/index';
import { startCoreProcess, type CoreProcess } from './support/core-process';
import { RssSampler } from './support/memory';
import { ratioOf, round, type BenchSection, type Figure } from './types';

const SIZE_MB = Number(process.env.BENCH_CLIP_MB ?? 1024);
const ROUNDS = 2;

/**
 * Clip proxy: GET /api/events/{id}/clip streaming a 1 GB clip from the Frigate simulator
 * through Centinela, against undici fetching the same clip from the simulator directly, and
 * the core's RSS growth while it streams.
 */
export const clipProxySection: BenchSection = {
  name: 'clip proxy',
  async run(): Promise<Figure[]> {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-bench-clip-'));
    let simulator: FrigateSimulator | undefined;
    let core: CoreProcess | undefined;
    try {
      const clipPath = join(dir, 'clip.mp4');
      execFileSync('sh', [
        '-c',
        `head -c ${SIZE_MB * 1024 * 1024} /dev/urandom > ${clipPath} && cat ${clipPath} > /dev/null`,
      ]);
      simulator = await startFrigateSimulator({ cameras: ['bench_cam'] });
      const now = Date.now() / 1000;
      const event = simulator.addEvent(
        {
          camera: 'bench_cam',
          start_time: now - 120,
          end_time: now - 60,
          has_clip: true,
          has_snapshot: false,
        },
        { clipPath },
        { publish: false },
      );
      core = await startCoreProcess({
        FRIGATE_URL: simulator.url,
        MQTT_URL: 'mqtt://127.0.0.1:1883',
      });
      const token = await core.login();
      const eventId = await syncAndFind(core, token, event.id);

      let direct = 0;
      let proxied = 0;
      let growth = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        direct = Math.max(
          direct,
          await download(`${simulator.url}/api/events/${event.id}/clip.mp4`, {}),
        );
        const sampler = new RssSampler(core.pid);
        proxied = Math.max(
          proxied,
          await download(`${core.url}/api/events/${eventId}/clip`, {
            authorization: `Bearer ${token}`,
          }),
        );
        growth = Math.max(growth, sampler.stop().growth);
      }
      const growthMb = growth / 2 ** 20;
      return [
        {
          section: 'clip proxy',
          name: `stream a ${SIZE_MB} MB clip`,
          value: round(proxied, 1),
          unit: 'MB/s',
          baseline: 'undici fetching the clip from the simulator directly',
          baselineValue: round(direct, 1),
          ratio: round(ratioOf(proxied, direct, true), 2),
          target: '>= 0.8x',
          met: proxied >= 0.8 * direct,
          note: `best of ${ROUNDS} rounds each`,
        },
        {
          section: 'clip proxy',
          name: `core RSS growth streaming ${SIZE_MB} MB`,
          value: round(growthMb, 1),
          unit: 'MB',
          baseline: 'clip size',
          baselineValue: SIZE_MB,
          ratio: round(ratioOf(growthMb, SIZE_MB, false), 1),
          target: '< 32 MB',
          met: growthMb < 32,
        },
      ];
    } finally {
      await core?.stop();
      await simulator?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Run a backfill so the core stores the event, then return its Centinela id. */
async function syncAndFind(
  core: CoreProcess,
  token: string,
  frigateEventId: string,
): Promise<string> {
  const headers = { authorization: `Bearer ${token}` };
  const sync = await request(`${core.url}/api/events/sync`, { method: 'POST', headers });
  const syncBody = await sync.body.text();
  if (sync.statusCode !== 200)
    throw new Error(
      `POST /api/events/sync failed with HTTP ${sync.statusCode}: ${syncBody.slice(0, 200)}`,
    );
  const list = await request(`${core.url}/api/events?limit=10`, { headers });
  const body = (await list.body.json()) as {
    items: Array<{ id: string; frigate_event_id: string }>;
  };
  const item = body.items.find((candidate) => candidate.frigate_event_id === frigateEventId);
  if (item === undefined) throw new Error(`the backfill did not store event ${frigateEventId}`);
  return item.id;
}

/** Download `url` to nowhere and return MB/s. */
async function download(url: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await request(url, { headers });
  if (response.statusCode !== 200) {
    throw new Error(
      `GET ${url.replace(/\?.*/, '')} failed with HTTP ${response.statusCode}: ${(await response.body.text()).slice(0, 200)}`,
    );
  }
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Buffer).byteLength;
  const seconds = (performance.now() - started) / 1000;
  if (bytes !== SIZE_MB * 2 ** 20)
    throw new Error(`GET ${url} gave ${bytes} bytes, expected ${SIZE_MB * 2 ** 20}`);
  return SIZE_MB / seconds;
}
