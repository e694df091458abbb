import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startFrigateSimulator, type FrigateSimulator } from '../frigate/src/index';
import { REPO_ROOT, startCoreProcess, type CoreProcess } from './support/core-process';
import { rssOf } from './support/memory';
import { createScratchDatabase } from './support/scratch-database';
import { ratioOf, round, type BenchSection, type Figure } from './types';

/** Seconds a process sits idle before its RSS is read. */
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);

const BARE_FASTIFY = `
import Fastify from 'fastify';
const app = Fastify();
app.get('/', async () => ({ ok: true }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log('listening ' + address);
`;

/**
 * Idle memory and start time of the core with every builtin plugin, started as in production
 * (`node --import tsx core/src/cli/main.ts start`) on PostgreSQL, Mosquitto and the Frigate
 * simulator, against a bare Fastify server in the same Node.
 */
export const idleStartSection: BenchSection = {
  name: 'idle and start',
  async run(): Promise<Figure[]> {
    const database = await createScratchDatabase();
    let simulator: FrigateSimulator | undefined;
    let core: CoreProcess | undefined;
    try {
      simulator = await startFrigateSimulator({ cameras: ['front_door', 'driveway'] });
      const env = {
        DATABASE_URL: database.url,
        MQTT_URL: 'mqtt://127.0.0.1:1883',
        FRIGATE_URL: simulator.url,
      };
      core = await startCoreProcess(env);
      const firstStartMs = core.startMs;
      await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
      const coreRss = rssOf(core.pid) / 2 ** 20;
      await core.stop();
      core = await startCoreProcess(env);
      const restartMs = core.startMs;
      await core.stop();
      core = undefined;

      const bare = await bareFastify();
      const nodeMs = await emptyNode();
      return [
        {
          section: 'idle and start',
          name: 'idle RSS, every builtin plugin',
          value: round(coreRss, 1),
          unit: 'MB',
          baseline: `bare Fastify 5 server, idle ${IDLE_SECONDS} s`,
          baselineValue: round(bare.rssMb, 1),
          ratio: round(ratioOf(coreRss, bare.rssMb, false), 2),
          target: '< 120 MB',
          met: coreRss < 120,
          note: `after ${IDLE_SECONDS} s idle; the server runs its TypeScript through tsx as in the image`,
        },
        {
          section: 'idle and start',
          name: 'start on an empty database',
          value: round(firstStartMs, 0),
          unit: 'ms',
          baseline: 'bare Fastify 5 server start',
          baselineValue: round(bare.startMs, 0),
          ratio: round(ratioOf(firstStartMs, bare.startMs, false), 3),
          note: `spawn to portal URL, migrations included; node -e '' takes ${round(nodeMs, 0)} ms`,
        },
        {
          section: 'idle and start',
          name: 'restart on a migrated database',
          value: round(restartMs, 0),
          unit: 'ms',
          baseline: 'bare Fastify 5 server start',
          baselineValue: round(bare.startMs, 0),
          ratio: round(ratioOf(restartMs, bare.startMs, false), 3),
        },
      ];
    } finally {
      await core?.stop();
      await simulator?.stop();
      await database.drop();
    }
  },
};

/** Start time to "listening" and idle RSS of a Fastify server that does nothing else. */
async function bareFastify(): Promise<{ startMs: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_FASTIFY], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`bare Fastify exited with code ${code}`)));
    });
    const startMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    return { startMs, rssMb: rssOf(child.pid!) / 2 ** 20 };
  } finally {
    child.kill('SIGKILL');
  }
}

async function emptyNode(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`node -e '' exited with code ${code}`)),
    );
  });
  return performance.now() - started;
}
