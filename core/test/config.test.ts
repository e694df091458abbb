import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load';

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
      loadConfig({ env: { PORT: 'abc', DATABASE_URL: 'mysql://x', CENTINELA_TIMEZONE: 'Mars/Base' }, optionsFile: NO_OPTIONS });
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
    writeFileSync(file, JSON.stringify({ frigate_url: 'http://ccab4aaf-frigate:5000/', timezone: 'America/Monterrey', log_level: 'warning' }));
    const config = loadConfig({ env: { CENTINELA_TIMEZONE: 'America/Cancun' }, optionsFile: file });
    expect(config.frigateUrl).toBe('http://ccab4aaf-frigate:5000');
    expect(config.timezone).toBe('America/Cancun');
    expect(config.logLevel).toBe('warn');
  });
});

describe('centinela start with an invalid setting', () => {
  it('exits with a message naming the setting', () => {
    const result = spawnSync('npx', ['tsx', 'core/src/cli/main.ts', 'start'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT must be integer (got "eighty")');
    expect(result.stderr).toContain('Fix: Set PORT');
  });
});

describe('README configuration table', () => {
  it('lists every setting', async () => {
    const { readFileSync } = await import('node:fs');
    const { SETTINGS } = await import('../src/config/settings');
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const missing = SETTINGS.filter((setting) => !readme.includes(`| \`${setting.env}\` |`)).map((s) => s.env);
    expect(missing).toEqual([]);
  });
});
