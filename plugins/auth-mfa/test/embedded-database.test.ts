import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHarness, totpAt, type Harness } from './support/harness';

describe('main flows on the embedded database', () => {
  let h: Harness;
  let admin: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness({ database: 'embedded' });
    admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await h?.destroy();
  });

  it('creates a user who changes the password and turns TOTP on', async () => {
    const created = (
      await h.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { email: 'pglite@example.com', role: 'Admin' },
      })
    ).json();
    const first = await h.login('pglite@example.com', created.one_time_password);
    const headers = { authorization: `Bearer ${first.json().access_token}` };
    const password = 'embedded database passphrase';
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers,
          payload: { current_password: created.one_time_password, new_password: password },
        })
      ).statusCode,
    ).toBe(204);

    const { secret } = (
      await h.inject({
        method: 'POST',
        url: '/api/auth/mfa/totp/enroll',
        headers,
        payload: { current_password: password },
      })
    ).json();
    const code = await totpAt(secret, h.clock);
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/auth/mfa/totp/verify',
          headers,
          payload: { code },
        })
      ).statusCode,
    ).toBe(200);
    expect((await h.login('pglite@example.com', password, code)).statusCode).toBe(401);
    h.clock.advance(30_000);
    const login = await h.login('pglite@example.com', password, await totpAt(secret, h.clock));
    expect(login.statusCode).toBe(200);

    const rotated = await h.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refresh_token: login.json().refresh_token },
    });
    expect(rotated.statusCode).toBe(200);
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          payload: { refresh_token: login.json().refresh_token },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          payload: { refresh_token: rotated.json().refresh_token },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('keeps a valid audit chain that the trigger protects', async () => {
    await h.auditFlush();
    const verify = await h.inject({ method: 'GET', url: '/api/audit/verify', headers: admin });
    expect(verify.json()).toMatchObject({ valid: true, first_broken: null });
    expect(verify.json().checked).toBeGreaterThanOrEqual(8);
    const actions = (
      await h.inject({ method: 'GET', url: '/api/audit?actor=pglite@example.com', headers: admin })
    )
      .json()
      .items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.login',
        'auth.password.change',
        'auth.mfa.verify',
        'auth.mfa.replay_rejected',
        'auth.refresh_token_reuse',
      ]),
    );

    const em = h.centinela.database.orm.em.fork() as SqlEntityManager;
    await expect(em.execute("update audit_log set action = 'x.y'")).rejects.toThrow(/append-only/);
  });

  it('protects the last SuperAdmin', async () => {
    const users = (
      await h.inject({ method: 'GET', url: '/api/users?role=SuperAdmin', headers: admin })
    ).json().items;
    const response = await h.inject({
      method: 'PATCH',
      url: `/api/users/${users[0].id}`,
      headers: admin,
      payload: { active: false },
    });
    expect(response.json().code).toBe('CEN_ERR_RBAC_LAST_SUPERADMIN');
  });
});
