import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  FRIGATE_ADDON_URL,
  resolveAddonEnvironment,
} from '../../../addon/rootfs/usr/local/bin/centinela-addon-start.mjs';
import { loadConfig, type AppConfig } from '../../src/config/load';
import { pluginSeeds } from '../../src/config/plugin-seeds';
import { SETTINGS } from '../../src/config/settings';

const ROOT = join(import.meta.dirname, '../../..');
const manifest = parse(readFileSync(join(ROOT, 'addon/config.yaml'), 'utf8')) as {
  options: Record<string, unknown>;
};
const DEFAULTS = manifest.options;
const FOLDER = mkdtempSync(join(tmpdir(), 'centinela-addon-options-'));

const COMPLETE = {
  ...DEFAULTS,
  log_level: 'warning',
  language: 'en',
  frigate_url: 'https://192.168.1.20:8971/',
  frigate_user: 'centinela',
  frigate_password: 'frigate-password',
  frigate_tls_insecure: true,
  database_url: 'postgresql://centinela:pw@192.168.1.10:5432/centinela',
  mqtt_url: 'mqtt://centinela:pw@192.168.1.10:1883',
  admin_email: 'admin@example.com',
  admin_password: 'a-long-password-1',
  secret_key: 'c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=',
  timezone: 'America/Monterrey',
  public_url: 'https://centinela.example.com',
  rclone_remote: 'gdrive-crypt:centinela/casa',
  rclone_config_pass: 'rclone-password',
  backup_schedule: '0 4 * * *',
  backup_retention_days: 90,
  role_map: [
    { ha_group: 'system-admin', role: 'SuperAdmin' },
    { ha_group: 'system-users', role: 'Admin' },
  ],
};

/** Write `options` as the Supervisor would, and return the file's path. */
function writeOptions(name: string, options: Record<string, unknown>): string {
  const file = join(FOLDER, `${name}.json`);
  writeFileSync(file, JSON.stringify(options));
  return file;
}

function fromOptions(name: string, options: Record<string, unknown>): AppConfig {
  return loadConfig({ env: {}, optionsFile: writeOptions(name, options) });
}

afterAll(() => rmSync(FOLDER, { recursive: true, force: true }));

describe('add-on options file', () => {
  it('loads the default options', () => {
    const config = fromOptions('defaults', DEFAULTS);
    expect(config.logLevel).toBe('info');
    expect(config.language).toBe('es');
    expect(config.frigateTlsInsecure).toBe(false);
    expect(config.timezone).toBe('America/Mexico_City');
    expect(config.backupSchedule).toBe('30 3 * * *');
    expect(config.backupRetentionDays).toBe(30);
    expect(config.backupRemote).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
    expect(config.ingressRoleMap).toEqual(DEFAULTS.role_map);
  });

  it('loads every option', () => {
    const config = fromOptions('complete', COMPLETE);
    expect(config).toMatchObject({
      logLevel: 'warn',
      language: 'en',
      frigateUrl: 'https://192.168.1.20:8971',
      frigateUser: 'centinela',
      frigatePassword: 'frigate-password',
      frigateTlsInsecure: true,
      databaseUrl: 'postgresql://centinela:pw@192.168.1.10:5432/centinela',
      mqttUrl: 'mqtt://centinela:pw@192.168.1.10:1883',
      adminEmail: 'admin@example.com',
      adminPassword: 'a-long-password-1',
      secretKey: 'c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=',
      timezone: 'America/Monterrey',
      publicUrl: 'https://centinela.example.com',
      backupRemote: 'gdrive-crypt:centinela/casa',
      rcloneConfigPass: 'rclone-password',
      backupSchedule: '0 4 * * *',
      backupRetentionDays: 90,
      ingressRoleMap: COMPLETE.role_map,
    });
  });

  it('reads every option-backed setting', () => {
    // Changing one option alone must change the configuration, or the core ignores it.
    const plain = JSON.stringify(fromOptions('one-plain', DEFAULTS));
    const ignored = SETTINGS.filter((setting) => setting.option !== undefined)
      .map((setting) => setting.option as keyof typeof COMPLETE)
      .filter((option) => {
        const changed = fromOptions(`one-${option}`, { ...DEFAULTS, [option]: COMPLETE[option] });
        return JSON.stringify(changed) === plain;
      });
    expect(ignored).toEqual([]);
  });

  it('reports an invalid option by its variable', () => {
    const file = writeOptions('invalid', {
      ...DEFAULTS,
      backup_retention_days: 0,
      rclone_remote: 'no spaces allowed',
    });
    expect(() => loadConfig({ env: {}, optionsFile: file })).toThrowError(
      /CENTINELA_BACKUP_RETENTION_DAYS .*\n.*CENTINELA_BACKUP_REMOTE|CENTINELA_BACKUP_REMOTE .*\n.*CENTINELA_BACKUP_RETENTION_DAYS/,
    );
  });
});

describe('add-on start script and core', () => {
  /** Load the configuration as the server does, from the start script's environment and options copy. */
  async function startScriptConfig(
    options: Record<string, unknown>,
    name: string,
  ): Promise<{ env: Record<string, string>; config: AppConfig }> {
    const { env } = await resolveAddonEnvironment({ options, dataDir: join(FOLDER, name) });
    mkdirSync(join(FOLDER, name));
    writeFileSync(env.CENTINELA_OPTIONS_FILE!, JSON.stringify(options));
    return { env, config: loadConfig({ env }) };
  }

  it('agree on every option', async () => {
    const { config } = await startScriptConfig(COMPLETE, 'script-complete');
    const fromFile = fromOptions('file-complete', COMPLETE);
    // The script adds the add-on's fixed settings (port, ingress, data folder); the rest must match.
    const fixed = [
      'port',
      'host',
      'ingress',
      'dataDir',
      'optionsFile',
      'frigateMediaDir',
      'rcloneConfig',
    ];
    const strip = (value: AppConfig) =>
      Object.fromEntries(Object.entries(value).filter(([key]) => !fixed.includes(key)));
    expect(strip(config)).toEqual(strip(fromFile));
  });

  it('sets the add-on defaults', async () => {
    const { config } = await startScriptConfig(DEFAULTS, 'script-defaults');
    expect(config.port).toBe(8099);
    expect(config.host).toBe('0.0.0.0');
    expect(config.ingress).toBe(true);
    expect(config.frigateUrl).toBe(FRIGATE_ADDON_URL);
    expect(config.frigateMediaDir).toBe('/media/frigate');
    expect(config.rcloneConfig).toBe('/config/rclone.conf');
    expect(config.optionsFile).toBe(join(FOLDER, 'script-defaults', 'options.json'));
  });

  it('sets only variables the core reads', async () => {
    const known = new Set(SETTINGS.map((setting) => setting.env));
    // Read by Node.js, the C library and rclone, not by Centinela's settings.
    const processVariables = new Set(['TZ', 'HOME']);
    const { env } = await resolveAddonEnvironment({
      options: COMPLETE,
      dataDir: join(FOLDER, 'script-known'),
    });
    const unknown = Object.keys(env).filter(
      (name) => !known.has(name) && !processVariables.has(name),
    );
    expect(unknown).toEqual([]);
  });
});

describe('docker-compose and core', () => {
  it('sets only variables the core reads', () => {
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, unknown> }>;
    };
    const known = new Set(SETTINGS.map((setting) => setting.env));
    const environment = Object.keys(compose.services.centinela?.environment ?? {});
    expect(environment.length).toBeGreaterThan(10);
    expect(environment.filter((name) => !known.has(name) && name !== 'TZ')).toEqual([]);
  });
});

describe('plugin seeds from the add-on', () => {
  it('wait for a remote before installing backups', () => {
    const seeds = pluginSeeds(fromOptions('seeds-defaults', DEFAULTS));
    expect(seeds).toEqual([
      {
        plugin: 'gdrive-backup',
        config: { schedule: '30 3 * * *', retention_days: 30 },
        install: false,
      },
    ]);
  });

  it('install backups with the remote and folder', () => {
    const seeds = pluginSeeds(fromOptions('seeds-complete', COMPLETE));
    expect(seeds).toHaveLength(1);
    expect(seeds[0]).toEqual({
      plugin: 'gdrive-backup',
      config: {
        remote: 'gdrive-crypt',
        path: 'centinela/casa',
        schedule: '0 4 * * *',
        retention_days: 90,
      },
      install: true,
    });
  });
});
