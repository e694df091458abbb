import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackupAbortedError,
  exitKind,
  getRcloneVersion,
  getRemoteType,
  parseRcloneVersion,
  RcloneExitError,
  RcloneNotFoundError,
  RcloneUnknownRemoteError,
  remoteEnv,
  runRclone,
  type RcloneProgress,
} from '../../src/engine';
import { createSandbox, writeBytes, type Sandbox } from './fixtures';

/** Config file with one alias remote `standin`, encrypted with the password centinela-test-pass. */
const ENCRYPTED_CONFIG = fileURLToPath(new URL('./encrypted-rclone.conf', import.meta.url));

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await createSandbox();
});

afterAll(async () => {
  await sandbox.cleanup();
});

describe('runRclone', () => {
  it('names a missing binary and the fix', async () => {
    const binary = join(sandbox.root, 'no-such-rclone');
    const error = await runRclone(['version'], { binary }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RcloneNotFoundError);
    expect((error as RcloneNotFoundError).code).toBe('CEN_ERR_BACKUP_RCLONE_NOT_FOUND');
    expect((error as RcloneNotFoundError).message).toContain(binary);
    expect((error as RcloneNotFoundError).fix).toContain('apt-get install rclone');
  });

  it('names an unknown remote', async () => {
    const error = await runRclone(['lsjson', 'nowhere:backups'], sandbox.rclone).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RcloneUnknownRemoteError);
    expect((error as RcloneUnknownRemoteError).remote).toBe('nowhere');
    expect((error as RcloneUnknownRemoteError).message).toContain('"nowhere"');
    expect((error as RcloneUnknownRemoteError).fix).toContain('RCLONE_CONFIG_NOWHERE_TYPE');
  });

  it('reads remote types from the environment', async () => {
    await expect(getRemoteType('vault', sandbox.rclone)).resolves.toBe('crypt');
    await expect(getRemoteType('drive:', sandbox.rclone)).resolves.toBe('alias');
    await expect(getRemoteType('nowhere', sandbox.rclone)).rejects.toBeInstanceOf(
      RcloneUnknownRemoteError,
    );
  });

  it('finds a dashed remote defined in the environment', async () => {
    const env = {
      ...sandbox.rclone.env,
      ...remoteEnv('stand-in', 'alias', { remote: sandbox.driveDir }),
    };
    const settings = { ...sandbox.rclone, env };

    await expect(getRemoteType('stand-in', settings)).resolves.toBe('alias');
    await expect(runRclone(['lsjson', 'stand-in:'], settings)).resolves.toMatchObject({
      exitCode: 0,
    });
  });

  it('reads an encrypted config with its password', async () => {
    const settings = {
      inheritEnv: false,
      configPath: ENCRYPTED_CONFIG,
      configPass: 'centinela-test-pass',
      env: { RCLONE_CONFIG_STANDIN_REMOTE: sandbox.driveDir },
    };

    await expect(getRemoteType('standin', settings)).resolves.toBe('alias');
    await expect(runRclone(['lsjson', 'standin:'], settings)).resolves.toMatchObject({
      exitCode: 0,
    });
  });

  it('fails fast on a wrong config password', async () => {
    const settings = { inheritEnv: false, configPath: ENCRYPTED_CONFIG, configPass: 'wrong-pass' };

    const error = await runRclone(['lsjson', 'standin:'], settings).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RcloneExitError);
    expect((error as RcloneExitError).message).toContain('RCLONE_CONFIG_PASS');
    expect(
      [(error as RcloneExitError).message, ...(error as RcloneExitError).logTail].join('\n'),
    ).not.toContain('wrong-pass');
  });

  it('maps a missing source folder to dir-not-found', async () => {
    const missing = join(sandbox.root, 'missing');
    const error = await runRclone(['copy', missing, 'drive:x'], sandbox.rclone).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RcloneExitError);
    expect((error as RcloneExitError).exitCode).toBe(3);
    expect((error as RcloneExitError).kind).toBe('dir-not-found');
  });

  it('reports progress from the stats lines', async () => {
    const source = join(sandbox.root, 'progress-source');
    await writeBytes(join(source, 'a.bin'), randomBytes(200_000));
    await writeBytes(join(source, 'b.bin'), randomBytes(100_000));
    const updates: RcloneProgress[] = [];

    const result = await runRclone(
      ['copy', source, 'drive:progress'],
      { ...sandbox.rclone, bwlimit: '50M' },
      {
        onProgress: (progress) => updates.push(progress),
      },
    );

    expect(updates.length).toBeGreaterThan(0);
    const last = updates.at(-1)!;
    expect(last.bytes).toBe(300_000);
    expect(last.totalBytes).toBe(300_000);
    expect(last.transfers).toBe(2);
    expect(last.totalTransfers).toBe(2);
    expect(last.errors).toBe(0);
    expect(result.args).toContain('--bwlimit');
    expect(result.stats?.transfers).toBe(2);
  });

  it('leaves out the config-not-found notice', async () => {
    const result = await runRclone(['lsjson', 'drive:'], sandbox.rclone);

    expect(result.logTail.join('\n')).not.toContain('not found - using defaults');
  });

  it('keeps obscured passwords out of debug logs', async () => {
    const [password] = sandbox.obscured;
    const onTheFly = `:crypt,remote=${sandbox.cryptDir},password=${password!}:`;
    const lines: string[] = [];

    const vault = await runRclone(['lsjson', 'vault:'], { ...sandbox.rclone, logLevel: 'DEBUG' });
    const inline = await runRclone(
      ['lsjson', onTheFly],
      { ...sandbox.rclone, logLevel: 'DEBUG' },
      {
        onLogLine: (line) => lines.push(line),
      },
    );

    const everything = [...vault.logTail, ...inline.logTail, ...inline.args, ...lines].join('\n');
    expect(vault.logTail.some((line) => line.includes('Setting password='))).toBe(true);
    expect(everything).toContain('[REDACTED]');
    for (const secret of sandbox.obscured) expect(everything).not.toContain(secret);
  });

  it('kills rclone when aborted', async () => {
    const source = join(sandbox.root, 'abort-source');
    await writeBytes(join(source, 'big.bin'), randomBytes(2_000_000));
    const controller = new AbortController();

    const run = runRclone(
      ['copy', source, 'drive:abort'],
      { ...sandbox.rclone, bwlimit: '100k' },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );

    await expect(run).rejects.toBeInstanceOf(BackupAbortedError);
    const copied = join(sandbox.driveDir, 'abort', 'big.bin');
    expect(statSync(copied, { throwIfNoEntry: false })?.size ?? 0).toBeLessThan(2_000_000);
  });
});

describe('exit codes', () => {
  const v160 = parseRcloneVersion('rclone v1.60.1-DEV\n- os/version: debian 12')!;
  const v169 = parseRcloneVersion('rclone v1.69.0')!;

  it('parses the version line', () => {
    expect(v160).toMatchObject({ major: 1, minor: 60, patch: 1, raw: 'v1.60.1-DEV' });
    expect(parseRcloneVersion('not rclone')).toBeNull();
  });

  it('swaps codes 1 and 2 from v1.69', () => {
    expect(exitKind(1, v160)).toBe('usage-or-uncategorized');
    expect(exitKind(2, v160)).toBe('uncategorized');
    expect(exitKind(1, v169)).toBe('uncategorized');
    expect(exitKind(2, v169)).toBe('usage');
  });

  it('keeps the other codes across versions', () => {
    for (const version of [v160, v169]) {
      expect(exitKind(3, version)).toBe('dir-not-found');
      expect(exitKind(7, version)).toBe('fatal');
      expect(exitKind(9, version)).toBe('no-files-transferred');
    }
    expect(exitKind(null, v160)).toBe('signal');
    expect(exitKind(42, v160)).toBe('unknown');
  });

  it('reads the installed version', async () => {
    const version = await getRcloneVersion(sandbox.rclone);

    expect(version?.major).toBe(1);
  });
});
