import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Centinela, CentinelaPlugin, RoleName } from '@centinela/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentinela } from '../../../core/test/support/centinela';
import { createAuditPlugin } from '../../audit/src/index';
import { createRbacPlugin } from '../../rbac/src/index';
import { createAuthMfaPlugin, rotateSecretKeyCommand, type CommandOutput } from '../src/index';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  startHarness,
  totpAt,
  type Harness,
  type TestClock,
} from './support/harness';

function capture(): CommandOutput & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: (text: string) => (io.err += text) },
  };
  return io;
}

function mandatoryPlugins(clock: TestClock): CentinelaPlugin[] {
  const plugins: CentinelaPlugin[] = [
    createAuthMfaPlugin({ clock: clock.now }),
    createAuditPlugin({ clock: clock.now }),
  ];
  plugins.splice(
    1,
    0,
    createRbacPlugin({ manifests: () => plugins.map((plugin) => plugin.manifest) }),
  );
  return plugins;
}

describe('create-user through the users service', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.destroy();
  });

  it('makes a one-time password that must be changed at first login', async () => {
    const users = h.centinela.services.get('users');
    const created = await users.createUser({ email: 'Cli.User@Example.com', role: 'Admin' });
    expect(created).toMatchObject({ email: 'cli.user@example.com', role: 'Admin' });
    expect(created.oneTimePassword).toMatch(/^[A-Za-z0-9]{20}$/);
    const login = await h.login('cli.user@example.com', created.oneTimePassword!);
    expect(login.json().user.must_change_password).toBe(true);
    const held = await h.inject({
      method: 'GET',
      url: '/api/roles',
      headers: { authorization: `Bearer ${login.json().access_token}` },
    });
    expect(held.json().code).toBe('CEN_ERR_AUTH_PASSWORD_CHANGE_REQUIRED');

    await h.auditFlush();
    const admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
    const audit = await h.inject({
      method: 'GET',
      url: `/api/audit?action=user.create`,
      headers: admin,
    });
    expect(audit.json().items[0]).toMatchObject({
      resource: `user/${created.id}`,
      address: 'cli',
      details: { email: 'cli.user@example.com', source: 'command line' },
    });
    const denied = await h.inject({
      method: 'GET',
      url: `/api/audit?action=access.denied&actor=${created.id}`,
      headers: admin,
    });
    expect(denied.json().items[0]).toMatchObject({
      resource: 'GET /api/roles',
      details: { permission: 'users:manage', reason: 'password_change_required' },
    });
  });

  it('takes a password that passes the policy', async () => {
    const users = h.centinela.services.get('users');
    const created = await users.createUser({
      email: 'cli.two@example.com',
      role: 'ReadOnly',
      password: 'lanterns on the night ferry',
    });
    expect(created.oneTimePassword).toBeUndefined();
    expect(
      (await h.login('cli.two@example.com', 'lanterns on the night ferry')).json().user
        .must_change_password,
    ).toBe(false);
    await expect(
      users.createUser({
        email: 'cli.three@example.com',
        role: 'ReadOnly',
        password: 'password1234',
      }),
    ).rejects.toMatchObject({ code: 'CEN_ERR_AUTH_PASSWORD_WEAK' });
  });

  it('rejects an unknown role with a clear error', async () => {
    const users = h.centinela.services.get('users');
    await expect(
      users.createUser({ email: 'cli.four@example.com', role: 'Owner' as RoleName }),
    ).rejects.toMatchObject({
      code: 'CEN_ERR_AUTH_ROLE_INVALID',
      message: '"Owner" is not a role; use SuperAdmin, Admin or ReadOnly.',
    });
  });
});

describe('rotate-secret-key', () => {
  let h: Harness;
  let restarted: Centinela | undefined;

  beforeAll(async () => {
    // No CENTINELA_SECRET_KEY: the server makes one in the data folder, as on a fresh install.
    h = await startHarness();
  });

  afterAll(async () => {
    await restarted?.close();
    await h?.destroy();
  });

  it('refuses a missing, malformed or unchanged key', async () => {
    const missing = capture();
    expect(await rotateSecretKeyCommand([], h.centinela, missing)).toBe(2);
    expect(missing.err).toContain('No new key');
    const file = join(h.centinela.dataDir, 'bad.key');
    writeFileSync(file, 'c2hvcnQ=\n');
    const malformed = capture();
    expect(await rotateSecretKeyCommand(['--new-key-file', file], h.centinela, malformed)).toBe(2);
    expect(malformed.err).toContain('not base64 of 32 bytes');
    writeFileSync(file, `${h.centinela.config.secretKey}\n`);
    expect(await rotateSecretKeyCommand(['--new-key-file', file], h.centinela, capture())).toBe(2);
  });

  it('re-encrypts TOTP secrets, signs everyone out and keeps logins working after a restart', async () => {
    const user = await h.addUser('Admin');
    const headers = await h.bearer(user.email, user.password);
    const { secret } = (
      await h.inject({
        method: 'POST',
        url: '/api/auth/mfa/totp/enroll',
        headers,
        payload: { current_password: user.password },
      })
    ).json();
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/auth/mfa/totp/verify',
          headers,
          payload: { code: await totpAt(secret, h.clock) },
        })
      ).statusCode,
    ).toBe(200);

    const oldKey = h.centinela.config.secretKey as string;
    const keyFile = join(h.centinela.dataDir, 'secret.key');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(oldKey);
    const newKey = randomBytes(32).toString('base64');
    const newKeyFile = join(h.centinela.dataDir, 'new.key');
    writeFileSync(newKeyFile, `${newKey}\n`);

    const io = capture();
    expect(await rotateSecretKeyCommand(['--new-key-file', newKeyFile], h.centinela, io)).toBe(0);
    expect(io.out).toContain('Re-encrypted 1 TOTP secret(s)');
    expect(io.out).toContain(`Replaced the key in ${keyFile}`);
    expect(io.out + io.err).not.toContain(newKey);
    expect(io.out + io.err).not.toContain(oldKey);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(newKey);
    expect((await h.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    await h.auditFlush();

    await h.centinela.close();
    restarted = await startTestCentinela({
      database: 'postgres',
      plugins: mandatoryPlugins(h.clock),
      dataDir: h.centinela.dataDir,
      ...(h.centinela.testDatabase === undefined ? {} : { testDatabase: h.centinela.testDatabase }),
      env: { CENTINELA_ADMIN_EMAIL: ADMIN_EMAIL, CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    expect(restarted.config.secretKey).toBe(newKey);
    h.clock.advance(30_000);
    const code = await totpAt(secret, h.clock);
    const login = await restarted.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: user.password, code },
    });
    expect(login.statusCode, login.body).toBe(200);

    const admin = (
      await restarted.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
      })
    ).json();
    const audit = await restarted.app.inject({
      method: 'GET',
      url: '/api/audit?action=auth.secret_key_rotated',
      headers: { authorization: `Bearer ${admin.access_token}` },
    });
    expect(audit.json().items[0]).toMatchObject({
      details: { totp_secrets_rotated: 1, sessions_revoked: expect.any(Number) },
    });
  });
});
