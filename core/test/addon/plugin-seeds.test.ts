import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import gdriveBackup from '@centinela/plugin-gdrive-backup';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import {
  APPLIED_SEEDS_FILE,
  applyPluginSeeds,
  splitRemote,
  type PluginSeed,
} from '../../src/config/plugin-seeds';
import type { CentinelaPlugin } from '../../src/plugins/manifest';
import { startTestCentinela, type TestCentinela } from '../support/centinela';
import { headerAuthPlugin } from '../support/test-plugins';

// The real gdrive-backup manifest and config schema, without its jobs and tables: the seeds must
// pass the plugin's own validation, and nothing here needs a backup to run.
const backupPlugin: CentinelaPlugin = {
  manifest: { ...gdriveBackup.manifest, entities: [], migrations: [] },
};

const log = pino({ level: 'silent' });

describe('splitRemote', () => {
  it('splits remote and folder', () => {
    expect(splitRemote('gdrive-crypt:centinela/casa')).toEqual({
      remote: 'gdrive-crypt',
      path: 'centinela/casa',
    });
  });

  it('leaves the folder to the plugin', () => {
    expect(splitRemote('gdrive-crypt')).toEqual({ remote: 'gdrive-crypt', path: undefined });
    expect(splitRemote('gdrive-crypt:')).toEqual({ remote: 'gdrive-crypt', path: undefined });
    expect(splitRemote('gdrive-crypt:/centinela/')).toEqual({
      remote: 'gdrive-crypt',
      path: 'centinela',
    });
  });
});

describe('applyPluginSeeds', () => {
  let centinela: TestCentinela;
  let stateFile: string;
  const siteId = 'casa';
  const apply = (seeds: PluginSeed[]) =>
    applyPluginSeeds({ targets: centinela, siteId, seeds, stateFile, log });
  const stored = () => centinela.sites.pluginState(siteId, 'gdrive-backup');

  beforeAll(async () => {
    centinela = await startTestCentinela({
      plugins: [headerAuthPlugin, backupPlugin],
      database: 'postgres',
    });
    stateFile = join(centinela.dataDir, APPLIED_SEEDS_FILE);
  });

  afterAll(async () => {
    await centinela.destroy();
  });

  it('waits while nothing installs the plugin', async () => {
    const outcome = await apply([
      { plugin: 'gdrive-backup', config: { schedule: '0 4 * * *' }, install: false },
    ]);
    expect(outcome).toEqual({ 'gdrive-backup': 'waiting' });
    expect(stored()).toBeUndefined();
    expect(existsSync(stateFile)).toBe(false);
  });

  it('installs the plugin with a remote', async () => {
    const changes = firstValueFrom(centinela.bus.on('plugin.changed').pipe(take(1), toArray()));
    const seed = {
      plugin: 'gdrive-backup',
      config: {
        remote: 'gdrive-crypt',
        path: 'centinela',
        schedule: '0 4 * * *',
        retention_days: 90,
      },
      install: true,
    };
    expect(await apply([seed])).toEqual({ 'gdrive-backup': 'applied' });

    expect(centinela.sites.isEnabled(siteId, 'gdrive-backup')).toBe(true);
    expect(stored()?.config).toMatchObject({
      remote: 'gdrive-crypt',
      path: 'centinela',
      schedule: '0 4 * * *',
      retention_days: 90,
    });
    // Keys the seed leaves out get the plugin's defaults.
    expect(stored()?.config).toMatchObject({ crypt: false, day_mode: 'utc-day' });
    const [change] = await changes;
    expect(change).toMatchObject({
      siteId,
      plugin: 'gdrive-backup',
      action: 'install',
      actor: { id: null },
    });
  });

  it('records a fingerprint, not the values', () => {
    const recorded = readFileSync(stateFile, 'utf8');
    expect(Object.keys(JSON.parse(recorded) as object)).toEqual([`${siteId}/gdrive-backup`]);
    expect(recorded).not.toContain('gdrive-crypt');
  });

  it('keeps a later portal change while the seed is unchanged', async () => {
    const current = stored()!.config;
    await centinela.registry.install(
      siteId,
      'gdrive-backup',
      { ...current, schedule: '15 1 * * *' },
      { actor: { id: 'u', address: null, userAgent: null } },
    );
    const seed = {
      plugin: 'gdrive-backup',
      config: {
        remote: 'gdrive-crypt',
        path: 'centinela',
        schedule: '0 4 * * *',
        retention_days: 90,
      },
      install: true,
    };
    expect(await apply([seed])).toEqual({ 'gdrive-backup': 'unchanged' });
    expect(stored()?.config.schedule).toBe('15 1 * * *');
  });

  it('applies a changed seed over the stored config', async () => {
    const seed = {
      plugin: 'gdrive-backup',
      config: {
        remote: 'gdrive-crypt',
        path: 'centinela',
        schedule: '0 4 * * *',
        retention_days: 30,
      },
      install: true,
    };
    expect(await apply([seed])).toEqual({ 'gdrive-backup': 'applied' });
    expect(stored()?.config).toMatchObject({ retention_days: 30, schedule: '0 4 * * *' });
  });

  it('reports an invalid seed and tries again next time', async () => {
    const before = readFileSync(stateFile, 'utf8');
    const seed = { plugin: 'gdrive-backup', config: { remote: 'gdrive crypt' }, install: true };
    expect(await apply([seed])).toEqual({ 'gdrive-backup': 'failed' });
    expect(stored()?.config.remote).toBe('gdrive-crypt');
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
  });

  it('skips a plugin that is not loaded', async () => {
    expect(await apply([{ plugin: 'not-a-plugin', config: { x: 1 }, install: true }])).toEqual({
      'not-a-plugin': 'not-loaded',
    });
  });
});
