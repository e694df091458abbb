import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach } from 'vitest';

import { startFrigateSimulator } from '../../src/index';
import type { FrigateSimulator, SimulatorOptions } from '../../src/types';
import { clearRetained } from './broker';

const running: { simulator: FrigateSimulator; prefix: string | undefined }[] = [];
const folders: string[] = [];

/**
 * Start a simulator that is stopped after the current test, together with the retained
 * messages it left under its topic prefix.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<FrigateSimulator> {
  const simulator = await startFrigateSimulator(options);
  running.push({
    simulator,
    prefix: options.mqttUrl === undefined ? undefined : options.topicPrefix,
  });
  return simulator;
}

/** Create a temporary folder that is removed after the current test. */
export async function temporaryFolder(name: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), `frigate-test-${name}-`));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  for (const { simulator, prefix } of running.splice(0)) {
    await simulator.stop();
    if (prefix !== undefined) await clearRetained(prefix);
  }
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** Fetch skipping the simulator's 5-second JSON micro-cache, as a reconciling client does. */
export function fresh(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('X-Cache-Bypass', '1');
  return fetch(url, { ...init, headers });
}

export async function freshJson<T = unknown>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fresh(url, init);
  if (response.status !== 200)
    throw new Error(`GET ${url} returned ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Build a clock that the test sets by hand, in epoch seconds. */
export function manualClock(start = 1_717_171_717) {
  let now = start;
  return {
    now: () => now,
    set: (seconds: number) => {
      now = seconds;
    },
    advance: (seconds: number) => {
      now += seconds;
    },
  };
}
