import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const BENCH_SITE = 'bench';
export const BENCH_ADMIN = {
  email: 'bench@centinela.example',
  password: 'Long-measuring-passphrase-2026!',
};

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

// Cores still running when the runner exits (a section that timed out) are killed with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface CoreProcess {
  /** Base URL such as http://127.0.0.1:41234. */
  url: string;
  pid: number;
  /** Milliseconds from spawn until the CLI printed the portal URL. */
  startMs: number;
  /** Log an administrator in and return a Bearer access token. */
  login(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Start Centinela the way production does (`node --import tsx core/src/cli/main.ts start`, every
 * builtin plugin) in a child process, so its memory is measured apart from the benchmark's own.
 */
export async function startCoreProcess(env: Record<string, string>): Promise<CoreProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'centinela-bench-core-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/src/cli/main.ts', 'start'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CENTINELA_DATA_DIR: dataDir,
      CENTINELA_SITE_NAME: BENCH_SITE,
      CENTINELA_ADMIN_EMAIL: BENCH_ADMIN.email,
      CENTINELA_ADMIN_PASSWORD: BENCH_ADMIN.password,
      CENTINELA_OPTIONS_FILE: join(dataDir, 'no-options.json'),
      ...env,
    },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const tail: string[] = [];
  const keep = (line: string): void => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
  };
  createInterface({ input: child.stderr! }).on('line', keep);
  let url: string;
  try {
    url = await waitForUrl(child, keep);
  } catch (error) {
    await kill(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}; last output: ${tail.join(' | ').slice(-1500)}`, {
      cause: error,
    });
  }
  const startMs = performance.now() - started;

  return {
    url,
    pid: child.pid!,
    startMs,
    async login() {
      const response = await request(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(BENCH_ADMIN),
      });
      const body = (await response.body.json()) as { access_token?: string };
      if (response.statusCode !== 200 || body.access_token === undefined) {
        throw new Error(
          `login failed with HTTP ${response.statusCode}: ${JSON.stringify(body).slice(0, 300)}`,
        );
      }
      return body.access_token;
    },
    async stop() {
      await kill(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess, keep: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Centinela did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      keep(line);
      const match = /Centinela portal: (http:\/\/\S+?)\/?$/.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Centinela exited during start (code ${code}, signal ${signal})`));
    });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
