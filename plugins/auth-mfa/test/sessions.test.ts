import { createHash } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookiesOf, startHarness, type Harness, type TestUser } from './support/harness';

describe('sessions', () => {
  let h: Harness;
  let user: TestUser;

  beforeAll(async () => {
    h = await startHarness();
    user = await h.addUser('Admin');
  });

  afterAll(async () => {
    await h?.destroy();
  });

  const me = (headers: Record<string, string>) =>
    h.inject({ method: 'GET', url: '/api/auth/me', headers });
  const refresh = (token: string) =>
    h.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: token } });

  it('rotates the refresh token', async () => {
    const login = (await h.login(user.email, user.password)).json();
    const first = await refresh(login.refresh_token);
    expect(first.statusCode).toBe(200);
    const rotated = first.json();
    expect(rotated.refresh_token).not.toBe(login.refresh_token);
    expect((await me({ authorization: `Bearer ${rotated.access_token}` })).statusCode).toBe(200);
    // The old access token stays valid until it expires; only refresh tokens are single-use.
    expect((await me({ authorization: `Bearer ${login.access_token}` })).statusCode).toBe(200);
  });

  it('stores access and refresh tokens only as SHA-256 hashes', async () => {
    const login = (await h.login(user.email, user.password)).json();
    const em = h.centinela.database.orm.em.fork() as SqlEntityManager;
    const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
    const refreshRows = await em.execute<Array<{ token_hash: string }>>(
      'select token_hash from refresh_tokens where token_hash = ?',
      [sha256(login.refresh_token)],
    );
    const accessRows = await em.execute<Array<{ token_hash: string }>>(
      'select token_hash from access_tokens where token_hash = ?',
      [sha256(login.access_token)],
    );
    expect(refreshRows).toHaveLength(1);
    expect(accessRows).toHaveLength(1);
    const dump = JSON.stringify([
      await em.execute('select * from refresh_tokens'),
      await em.execute('select * from access_tokens'),
      await em.execute('select * from sessions'),
    ]);
    expect(dump).not.toContain(login.refresh_token);
    expect(dump).not.toContain(login.access_token);
  });

  it('revokes the whole family when a refresh token is reused', async () => {
    const login = (await h.login(user.email, user.password)).json();
    const rotated = (await refresh(login.refresh_token)).json();

    const reuse = await refresh(login.refresh_token);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('CEN_ERR_AUTH_REFRESH_INVALID');
    expect((await refresh(rotated.refresh_token)).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${rotated.access_token}` })).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${login.access_token}` })).statusCode).toBe(401);

    await h.auditFlush();
    const audit = await h.inject({
      method: 'GET',
      url: '/api/audit?action=auth.refresh_token_reuse',
      headers: await h.bearer('boss@example.com', 'correct horse battery staple 7'),
    });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items[0]).toMatchObject({
      actor_id: user.id,
      action: 'auth.refresh_token_reuse',
    });
  });

  it('expires access tokens after 15 minutes and sessions after 30 days', async () => {
    const login = (await h.login(user.email, user.password)).json();
    h.clock.advance(15 * 60_000 + 1000);
    expect((await me({ authorization: `Bearer ${login.access_token}` })).statusCode).toBe(401);
    const renewed = await refresh(login.refresh_token);
    expect(renewed.statusCode).toBe(200);
    h.clock.advance(30 * 24 * 60 * 60_000);
    expect((await refresh(renewed.json().refresh_token)).statusCode).toBe(401);
  });

  it('logs out and revokes the session', async () => {
    const login = (await h.login(user.email, user.password)).json();
    const headers = { authorization: `Bearer ${login.access_token}` };
    const out = await h.inject({ method: 'POST', url: '/api/auth/logout', headers, payload: {} });
    expect(out.statusCode).toBe(204);
    expect((await me(headers)).statusCode).toBe(401);
    expect((await refresh(login.refresh_token)).statusCode).toBe(401);
  });

  it('logs out a bearer token sent without a body', async () => {
    const login = (await h.login(user.email, user.password)).json();
    const headers = { authorization: `Bearer ${login.access_token}` };
    const out = await h.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(out.statusCode, out.body).toBe(204);
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('requires the CSRF header on cookie-authenticated writes', async () => {
    const login = await h.login(user.email, user.password);
    const jar = cookiesOf(login);
    const cookie = `centinela_access=${jar.centinela_access}; centinela_csrf=${jar.centinela_csrf}`;
    const body = {
      current_password: 'wrong password here',
      new_password: 'another long passphrase 9',
    };

    expect(
      (await h.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    const missing = await h.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: body,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('CEN_ERR_AUTH_CSRF');
    const wrong = await h.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie, 'x-csrf-token': 'A'.repeat(43) },
      payload: body,
    });
    expect(wrong.json().code).toBe('CEN_ERR_AUTH_CSRF');
    const right = await h.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie, 'x-csrf-token': jar.centinela_csrf! },
      payload: body,
    });
    expect(right.json().code).toBe('CEN_ERR_AUTH_CURRENT_PASSWORD_INVALID');
    await h.login(user.email, user.password);
  });

  it('refreshes from the cookie with the CSRF header', async () => {
    const jar = cookiesOf(await h.login(user.email, user.password));
    const cookie = `centinela_refresh=${jar.centinela_refresh}; centinela_csrf=${jar.centinela_csrf}`;
    const refused = await h.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie },
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    const accepted = await h.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie, 'x-csrf-token': jar.centinela_csrf! },
      payload: {},
    });
    expect(accepted.statusCode).toBe(200);
    expect(cookiesOf(accepted).centinela_refresh).toBe(accepted.json().refresh_token);
  });

  it('changes the password and signs out other sessions', async () => {
    const other = await h.addUser('ReadOnly');
    const first = await h.bearer(other.email, other.password);
    const second = await h.bearer(other.email, other.password);
    const newPassword = 'a brand new passphrase 42';

    const weak = await h.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first,
      payload: { current_password: other.password, new_password: 'password1234' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      code: 'CEN_ERR_AUTH_PASSWORD_WEAK',
      field: 'body/new_password',
    });

    const changed = await h.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first,
      payload: { current_password: other.password, new_password: newPassword },
    });
    expect(changed.statusCode).toBe(204);
    expect((await me(first)).statusCode).toBe(200);
    expect((await me(second)).statusCode).toBe(401);
    expect((await h.login(other.email, other.password)).statusCode).toBe(401);
    expect((await h.login(other.email, newPassword)).statusCode).toBe(200);
  });

  it('rejects passwords the policy does not accept', async () => {
    const other = await h.addUser('ReadOnly', { email: 'marisol.vega@example.com' });
    const headers = await h.bearer(other.email, other.password);
    const cases: Array<[string, string]> = [
      ['short pass', 'at least 12'],
      ['x'.repeat(129), 'at most 128'],
      ['qwerty123456', 'common passwords'],
      ['my name is Marisol.Vega!', 'email address'],
    ];
    for (const [candidate, reason] of cases) {
      const response = await h.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers,
        payload: { current_password: other.password, new_password: candidate },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().detail).toContain(reason);
    }
  });
});
