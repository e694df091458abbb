import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load';
import { SETTINGS } from '../src/config/settings';

const NO_OPTIONS = '/nonexistent/options.json';

describe('loadConfig', () => {
  it('fills defaults with nothing configured', () => {
    const config = loadConfig({ env: {}, optionsFile: NO_OPTIONS });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.timezone).toBe('America/Mexico_City');
  });

  it('names the setting and the fix for an invalid port', () => {
    expect(() => loadConfig({ env: { PORT: '99999' }, optionsFile: NO_OPTIONS })).toThrowError(
      /PORT must be <= 65535 \(got "99999"\)\. Fix: Set PORT/,
    );
  });

  it('reports every invalid setting at once', () => {
    try {
      loadConfig({
        env: { PORT: 'abc', DATABASE_URL: 'mysql://x', CENTINELA_TIMEZONE: 'Mars/Base' },
        optionsFile: NO_OPTIONS,
      });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT /);
      expect(problems[1]).toMatch(/^DATABASE_URL .*\(got \(hidden\)\)/);
      expect(problems[2]).toMatch(/^CENTINELA_TIMEZONE /);
    }
  });

  it('never shows a secret value in the message', () => {
    expect(() =>
      loadConfig({ env: { CENTINELA_SECRET_KEY: 'hunter2-not-base64' }, optionsFile: NO_OPTIONS }),
    ).toThrowError(/CENTINELA_SECRET_KEY .*\(hidden\)/);
    try {
      loadConfig({ env: { CENTINELA_SECRET_KEY: 'hunter2-not-base64' }, optionsFile: NO_OPTIONS });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('reads the add-on options file, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-options-'));
    const file = join(dir, 'options.json');
    writeFileSync(
      file,
      JSON.stringify({
        frigate_url: 'http://ccab4aaf-frigate:5000/',
        timezone: 'America/Monterrey',
        log_level: 'warning',
      }),
    );
    const config = loadConfig({ env: { CENTINELA_TIMEZONE: 'America/Cancun' }, optionsFile: file });
    expect(config.frigateUrl).toBe('http://ccab4aaf-frigate:5000');
    expect(config.timezone).toBe('America/Cancun');
    expect(config.logLevel).toBe('warn');
  });
});

describe('list settings', () => {
  const roleMap = [
    { ha_group: 'system-admin', role: 'Admin' },
    { ha_user: 'abc123', role: 'SuperAdmin' },
  ];

  it('parse JSON from the environment', () => {
    const config = loadConfig({
      env: { CENTINELA_INGRESS_ROLE_MAP: JSON.stringify(roleMap) },
      optionsFile: NO_OPTIONS,
    });
    expect(config.ingressRoleMap).toEqual(roleMap);
  });

  it('stay unset when not given', () => {
    expect(loadConfig({ env: {}, optionsFile: NO_OPTIONS }).ingressRoleMap).toBeUndefined();
  });

  it('reject text that is not JSON', () => {
    expect(() =>
      loadConfig({ env: { CENTINELA_INGRESS_ROLE_MAP: '[{ha_group' }, optionsFile: NO_OPTIONS }),
    ).toThrowError(/CENTINELA_INGRESS_ROLE_MAP is not valid JSON\. Fix: Use a JSON list/);
  });

  it('reject an unknown role', () => {
    const env = { CENTINELA_INGRESS_ROLE_MAP: JSON.stringify([{ ha_group: 'x', role: 'Owner' }]) };
    expect(() => loadConfig({ env, optionsFile: NO_OPTIONS })).toThrowError(
      /CENTINELA_INGRESS_ROLE_MAP must be equal to one of the allowed values/,
    );
  });

  it('reject a rule naming no group or user', () => {
    const env = { CENTINELA_INGRESS_ROLE_MAP: JSON.stringify([{ role: 'Admin' }]) };
    expect(() => loadConfig({ env, optionsFile: NO_OPTIONS })).toThrowError(
      /CENTINELA_INGRESS_ROLE_MAP /,
    );
  });
});

describe('add-on related settings', () => {
  it('default the language to spanish', () => {
    expect(loadConfig({ env: {}, optionsFile: NO_OPTIONS }).language).toBe('es');
    expect(
      loadConfig({ env: { CENTINELA_LANGUAGE: 'en' }, optionsFile: NO_OPTIONS }).language,
    ).toBe('en');
  });

  it('reject another language', () => {
    expect(() =>
      loadConfig({ env: { CENTINELA_LANGUAGE: 'fr' }, optionsFile: NO_OPTIONS }),
    ).toThrowError(/CENTINELA_LANGUAGE /);
  });

  it('check the backup settings', () => {
    const env = {
      CENTINELA_BACKUP_REMOTE: 'gdrive crypt',
      CENTINELA_BACKUP_SCHEDULE: 'nightly',
      CENTINELA_BACKUP_RETENTION_DAYS: '0',
    };
    try {
      loadConfig({ env, optionsFile: NO_OPTIONS });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems.map((problem) => problem.split(' ')[0]);
      expect(problems).toEqual([
        'CENTINELA_BACKUP_REMOTE',
        'CENTINELA_BACKUP_SCHEDULE',
        'CENTINELA_BACKUP_RETENTION_DAYS',
      ]);
    }
  });

  it('read the backup settings', () => {
    const env = {
      CENTINELA_BACKUP_REMOTE: 'gdrive-crypt:centinela',
      CENTINELA_BACKUP_SCHEDULE: '30 3 * * *',
      CENTINELA_BACKUP_RETENTION_DAYS: '45',
    };
    const config = loadConfig({ env, optionsFile: NO_OPTIONS });
    expect(config.backupRemote).toBe('gdrive-crypt:centinela');
    expect(config.backupSchedule).toBe('30 3 * * *');
    expect(config.backupRetentionDays).toBe(45);
  });

  it('hide the rclone password in messages', () => {
    // A secret that fails its own check cannot happen for RCLONE_CONFIG_PASS (any text is
    // valid), so check the flag that keeps it out of messages.
    expect(SETTINGS.find((setting) => setting.env === 'RCLONE_CONFIG_PASS')?.secret).toBe(true);
    expect(
      loadConfig({ env: { RCLONE_CONFIG_PASS: 'pw' }, optionsFile: NO_OPTIONS }).rcloneConfigPass,
    ).toBe('pw');
  });

  it('record the options file it read', () => {
    expect(loadConfig({ env: {}, optionsFile: NO_OPTIONS }).optionsFile).toBe(NO_OPTIONS);
    expect(loadConfig({ env: { CENTINELA_OPTIONS_FILE: NO_OPTIONS } }).optionsFile).toBe(
      NO_OPTIONS,
    );
  });
});

describe('centinela start with an invalid setting', () => {
  it('exits with a message naming the setting', () => {
    // node --import tsx, not npx tsx: npx adds seconds of start-up on a loaded machine.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'core/src/cli/main.ts', 'start'],
      {
        cwd: join(import.meta.dirname, '../..'),
        env: { ...process.env, PORT: 'eighty', CENTINELA_OPTIONS_FILE: NO_OPTIONS },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT must be integer (got "eighty")');
    expect(result.stderr).toContain('Fix: Set PORT');
  });
});

describe('README configuration table', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  /** Rows of the table: variable and default column, without backticks. */
  const rows = new Map(
    [...readme.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]*) \|/gm)].map((match) => [
      match[1],
      match[2]!.trim().replace(/`/g, ''),
    ]),
  );

  it('lists every setting', () => {
    const missing = SETTINGS.filter((setting) => !rows.has(setting.env)).map((s) => s.env);
    expect(missing).toEqual([]);
  });

  it('lists no unknown variable', () => {
    const known = new Set(SETTINGS.map((setting) => setting.env));
    expect([...rows.keys()].filter((name) => !known.has(name))).toEqual([]);
  });

  it('shows each default', () => {
    for (const setting of SETTINGS) {
      expect(rows.get(setting.env), setting.env).toBe(
        setting.default === undefined ? '' : String(setting.default),
      );
    }
  });
});
