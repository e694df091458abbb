import type { CentinelaPlugin } from '@centinela/core';
import { requirePrincipal } from '@centinela/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  startHarness,
  totpAt,
  type Harness,
} from '../../auth-mfa/test/support/harness';
import { UserSchema } from '../../auth-mfa/src/index';
import { cameraFilter } from '../src/index';

/** A plugin whose route returns what other plugins see of the principal. */
const scopeProbe: CentinelaPlugin = {
  manifest: {
    name: 'scope-probe',
    version: '1.0.0',
    description: 'Shows the principal (tests only).',
    dependsOn: [],
    permissions: [],
    mandatory: true,
    configSchema: { type: 'object' },
    entities: [],
    migrations: [],
  },
  routes(app) {
    app.get('/scope-probe', { config: { permission: 'authenticated' } }, async (request) => {
      const principal = requirePrincipal(request);
      return {
        camera_scope: principal.cameraScope,
        filter: cameraFilter(principal),
        role: principal.role,
      };
    });
  },
};

describe('users API', () => {
  let h: Harness;
  let admin: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness({ plugins: [scopeProbe] });
    admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await h?.destroy();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => h.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

  it('creates a user with a one-time password that must be changed', async () => {
    const created = await call('POST', '/api/users', admin, {
      email: 'Nueva@Example.com',
      role: 'Admin',
      display_name: 'Nueva',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      email: 'nueva@example.com',
      role: 'Admin',
      active: true,
      must_change_password: true,
      mfa_enabled: false,
    });
    expect(body.one_time_password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(body.password_hash).toBeUndefined();
    const login = await h.login('nueva@example.com', body.one_time_password);
    expect(login.json().user.must_change_password).toBe(true);

    const duplicate = await call('POST', '/api/users', admin, {
      email: 'nueva@example.com',
      role: 'ReadOnly',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('CEN_ERR_AUTH_EMAIL_TAKEN');
  });

  it('rejects a weak password for a new user', async () => {
    const response = await call('POST', '/api/users', admin, {
      email: 'debil@example.com',
      role: 'ReadOnly',
      password: 'password1234',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_AUTH_PASSWORD_WEAK',
      field: 'body/password',
    });
  });

  it('lists users newest first with a keyset cursor', async () => {
    for (let n = 0; n < 3; n += 1) await h.addUser('ReadOnly');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; created_at: string }>; next_cursor: string | null } =
        (
          await call(
            'GET',
            `/api/users?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
            admin,
          )
        ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    const all = (await call('GET', '/api/users?limit=200', admin)).json().items as Array<{
      id: string;
      created_at: string;
    }>;
    expect(seen).toEqual(all.map((item) => item.id));
    expect(new Set(seen).size).toBe(seen.length);
    const times = all.map((item) => item.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await call('GET', '/api/users?cursor=bm9wZQ', admin)).json().code).toBe(
      'CEN_ERR_RBAC_CURSOR_INVALID',
    );
  });

  it('applies a role change at the next request', async () => {
    const user = await h.addUser('SuperAdmin');
    const headers = await h.bearer(user.email, user.password);
    expect((await call('GET', '/api/users', headers)).statusCode).toBe(200);
    expect(
      (await call('PATCH', `/api/users/${user.id}`, admin, { role: 'ReadOnly' })).json().role,
    ).toBe('ReadOnly');
    const after = await call('GET', '/api/users', headers);
    expect(after.statusCode).toBe(403);
    expect(after.json().code).toBe('CEN_ERR_RBAC_FORBIDDEN');
  });

  it('signs a disabled user out at once', async () => {
    const user = await h.addUser('Admin');
    const login = (await h.login(user.email, user.password)).json();
    const headers = { authorization: `Bearer ${login.access_token}` };
    expect(
      (await call('PATCH', `/api/users/${user.id}`, admin, { active: false })).json().active,
    ).toBe(false);
    expect((await call('GET', '/api/auth/me', headers)).statusCode).toBe(401);
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/api/auth/refresh',
          payload: { refresh_token: login.refresh_token },
        })
      ).statusCode,
    ).toBe(401);
    expect((await h.login(user.email, user.password)).statusCode).toBe(401);
  });

  it('protects the last active SuperAdmin', async () => {
    const all = (
      await call('GET', '/api/users?role=SuperAdmin&active=true&limit=200', admin)
    ).json().items as Array<{ id: string; email: string }>;
    const boss = all.find((user) => user.email === ADMIN_EMAIL)!;
    for (const other of all.filter((user) => user.id !== boss.id)) {
      expect(
        (await call('PATCH', `/api/users/${other.id}`, admin, { active: false })).statusCode,
      ).toBe(200);
    }
    const demote = await call('PATCH', `/api/users/${boss.id}`, admin, { role: 'Admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('CEN_ERR_RBAC_LAST_SUPERADMIN');
    expect(
      (await call('PATCH', `/api/users/${boss.id}`, admin, { active: false })).json().code,
    ).toBe('CEN_ERR_RBAC_LAST_SUPERADMIN');
    expect(
      (await call('PATCH', `/api/users/${boss.id}`, admin, { display_name: 'Jefa' })).statusCode,
    ).toBe(200);

    const second = await h.addUser('SuperAdmin');
    expect(
      (await call('PATCH', `/api/users/${boss.id}`, admin, { role: 'Admin' })).statusCode,
    ).toBe(200);
    const secondHeaders = await h.bearer(second.email, second.password);
    expect(
      (await call('PATCH', `/api/users/${boss.id}`, secondHeaders, { role: 'SuperAdmin' }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses two concurrent demotions of the last two SuperAdmins', async () => {
    const em = h.centinela.services.get('authMfa').em();
    const a = await h.addUser('SuperAdmin');
    const b = await h.addUser('SuperAdmin');
    const headersA = await h.bearer(a.email, a.password);
    const headersB = await h.bearer(b.email, b.password);
    const others = await em.find(UserSchema, {
      role: 'SuperAdmin',
      active: true,
      id: { $nin: [a.id, b.id] },
    });
    await em.nativeUpdate(
      UserSchema,
      { id: { $in: others.map((user) => user.id) } },
      { role: 'Admin' },
    );
    try {
      const results = await Promise.all([
        call('PATCH', `/api/users/${b.id}`, headersA, { role: 'Admin' }),
        call('PATCH', `/api/users/${a.id}`, headersB, { role: 'Admin' }),
      ]);
      // The loser gets 409, or 403 when the winner's demotion of it landed before its own request.
      const statuses = results.map((result) => result.statusCode);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409 || status === 403)).toHaveLength(1);
      expect(await em.fork().count(UserSchema, { role: 'SuperAdmin', active: true })).toBe(1);
    } finally {
      await em.nativeUpdate(
        UserSchema,
        { id: { $in: others.map((user) => user.id) } },
        { role: 'SuperAdmin' },
      );
    }
  });

  it('resets a password and signs the user out', async () => {
    const user = await h.addUser('ReadOnly');
    const headers = await h.bearer(user.email, user.password);
    const reset = await call('POST', `/api/users/${user.id}/reset-password`, admin);
    expect(reset.statusCode).toBe(200);
    const oneTime = reset.json().one_time_password as string;
    expect((await call('GET', '/api/auth/me', headers)).statusCode).toBe(401);
    expect((await h.login(user.email, user.password)).statusCode).toBe(401);
    const login = await h.login(user.email, oneTime);
    expect(login.json().user.must_change_password).toBe(true);
    const held = await call('GET', '/api/scope-probe', {
      authorization: `Bearer ${login.json().access_token}`,
    });
    expect(held.json().code).toBe('CEN_ERR_AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  it('carries the camera scope on the principal', async () => {
    const user = await h.addUser('ReadOnly');
    const patched = await call('PATCH', `/api/users/${user.id}`, admin, {
      camera_scope: ['porton', 'patio'],
    });
    expect(patched.json().camera_scope).toEqual(['porton', 'patio']);
    const headers = await h.bearer(user.email, user.password);
    const probe = await call('GET', '/api/scope-probe', headers);
    expect(probe.json()).toEqual({
      camera_scope: ['porton', 'patio'],
      filter: ['porton', 'patio'],
      role: 'ReadOnly',
    });
    expect((await call('GET', '/api/auth/me', headers)).json().camera_scope).toEqual([
      'porton',
      'patio',
    ]);

    await call('PATCH', `/api/users/${user.id}`, admin, { camera_scope: null });
    expect((await call('GET', '/api/scope-probe', headers)).json()).toMatchObject({
      camera_scope: null,
      filter: null,
    });
  });

  it('keeps SuperAdmins unscoped', async () => {
    const refused = await call('POST', '/api/users', admin, {
      email: 'scoped.boss@example.com',
      role: 'SuperAdmin',
      camera_scope: ['patio'],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'CEN_ERR_RBAC_SCOPE_SUPERADMIN',
      field: 'body/camera_scope',
    });

    const user = await h.addUser('Admin', { cameraScope: ['patio'] });
    const both = await call('PATCH', `/api/users/${user.id}`, admin, {
      role: 'SuperAdmin',
      camera_scope: ['patio'],
    });
    expect(both.json().code).toBe('CEN_ERR_RBAC_SCOPE_SUPERADMIN');
    const promoted = await call('PATCH', `/api/users/${user.id}`, admin, { role: 'SuperAdmin' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: 'SuperAdmin', camera_scope: null });
    expect(
      (await call('PATCH', `/api/users/${user.id}`, admin, { camera_scope: ['patio'] })).statusCode,
    ).toBe(400);
    expect(
      (
        await call('PATCH', `/api/users/${user.id}`, admin, {
          role: 'Admin',
          camera_scope: ['patio'],
        })
      ).json().camera_scope,
    ).toEqual(['patio']);
  });

  it('resets the TOTP of a user only with the SuperAdmin password', async () => {
    const user = await h.addUser('Admin');
    const headers = await h.bearer(user.email, user.password);
    const { secret } = (
      await call('POST', '/api/auth/mfa/totp/enroll', headers, { current_password: user.password })
    ).json();
    expect(
      (
        await call('POST', '/api/auth/mfa/totp/verify', headers, {
          code: await totpAt(secret, h.clock),
        })
      ).statusCode,
    ).toBe(200);

    const wrong = await call('POST', `/api/users/${user.id}/reset-mfa`, admin, {
      current_password: user.password,
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('CEN_ERR_AUTH_CURRENT_PASSWORD_INVALID');
    expect((await call('POST', `/api/users/${user.id}/reset-mfa`, admin, {})).statusCode).toBe(400);
    expect(
      (
        await call('POST', `/api/users/${user.id}/reset-mfa`, headers, {
          current_password: user.password,
        })
      ).statusCode,
    ).toBe(403);

    const reset = await call('POST', `/api/users/${user.id}/reset-mfa`, admin, {
      current_password: ADMIN_PASSWORD,
    });
    expect(reset.statusCode).toBe(204);
    expect((await call('GET', '/api/auth/me', headers)).statusCode).toBe(401);
    const login = await h.login(user.email, user.password);
    expect(login.statusCode).toBe(200);
    expect(login.json().user.mfa_enabled).toBe(false);
    expect(
      (
        await call('POST', `/api/users/${user.id}/reset-mfa`, admin, {
          current_password: ADMIN_PASSWORD,
        })
      ).json().code,
    ).toBe('CEN_ERR_AUTH_MFA_NOT_ENROLLED');

    await h.auditFlush();
    const audit = await call('GET', `/api/audit?action=auth.mfa.reset`, admin);
    expect(audit.json().items[0]).toMatchObject({
      actor_email: ADMIN_EMAIL,
      resource: `user/${user.id}`,
      details: { email: user.email, sessions_revoked: 1 },
    });
  });

  it('answers 404 for an unknown user', async () => {
    const response = await call('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', admin, {
      active: true,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('CEN_ERR_RBAC_USER_NOT_FOUND');
  });

  it('lists every role with its permissions', async () => {
    const roles = (await call('GET', '/api/roles', admin)).json().items as Array<{
      name: string;
      permissions: string[];
    }>;
    expect(roles.map((role) => role.name)).toEqual(['SuperAdmin', 'Admin', 'ReadOnly']);
    expect(roles[0]!.permissions).toEqual(
      expect.arrayContaining(['users:manage', 'audit:read', 'auth:policy', 'plugins:manage']),
    );
    expect(roles[2]!.permissions).toEqual(['sites:read']);
  });
});
