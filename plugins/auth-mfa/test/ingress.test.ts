import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentinelaPlugin, HomeAssistantUserGroups } from '@centinela/core';
import { UserSchema } from '../src/index';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHarness, type Harness } from './support/harness';

const SUPERVISOR = '172.30.32.2';

/** Stands in for the core's Home Assistant connection, which reads groups with config/auth/list. */
const fakeHomeAssistantGroups: CentinelaPlugin = {
  manifest: {
    name: 'fake-ha-groups',
    version: '1.0.0',
    description: 'Home Assistant groups of test users (tests only).',
    dependsOn: [],
    permissions: [],
    mandatory: true,
    configSchema: { type: 'object' },
    entities: [],
    migrations: [],
  },
  setup(context) {
    const groups: Record<string, string[]> = { a11ce: ['system-admin'], b0b: ['system-users'] };
    const service = { groupsOf: async (haUserId: string) => groups[haUserId] ?? [] };
    context.services.provide(
      'homeAssistantUserGroups',
      service as unknown as HomeAssistantUserGroups,
    );
  },
};

function asHomeAssistant(id: string, name: string) {
  return {
    'x-remote-user-id': id,
    'x-remote-user-name': name,
    'x-remote-user-display-name': `${name} (HA)`,
  };
}

describe('Home Assistant ingress', () => {
  let h: Harness;

  beforeAll(async () => {
    // The add-on fills CENTINELA_INGRESS_ROLE_MAP from its role_map option.
    h = await startHarness({
      env: {
        CENTINELA_INGRESS: 'true',
        CENTINELA_INGRESS_ROLE_MAP: JSON.stringify([
          { ha_group: 'system-admin', role: 'Admin' },
          { ha_user: 'lola', role: 'Admin' },
        ]),
      },
      plugins: [fakeHomeAssistantGroups],
    });
    const admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
    const configured = await h.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/auth-mfa',
      headers: admin,
      payload: {
        config: {
          ingress_role_map: [
            { ha_user: 'carmen', role: 'SuperAdmin' },
            { ha_user: 'f00d', role: 'Admin' },
          ],
          ingress_default_role: 'ReadOnly',
        },
      },
    });
    expect(configured.statusCode).toBe(200);
  });

  afterAll(async () => {
    await h?.destroy();
  });

  const me = (remoteAddress: string, headers: Record<string, string>) =>
    h.inject({ method: 'GET', url: '/api/auth/me', remoteAddress, headers });

  it('trusts the user headers from the Supervisor', async () => {
    const response = await me(SUPERVISOR, asHomeAssistant('0a1b2c3d', 'carmen'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      role: 'SuperAdmin',
      display_name: 'carmen (HA)',
      via: 'ingress',
      must_change_password: false,
    });
  });

  it('trusts the IPv4-mapped IPv6 form of the Supervisor address', async () => {
    const response = await me(`::ffff:${SUPERVISOR}`, asHomeAssistant('f00d', 'diego'));
    expect(response.statusCode).toBe(200);
    expect(response.json().role).toBe('Admin');
  });

  it('ignores the headers from any other address', async () => {
    for (const address of ['172.30.32.3', '127.0.0.1', '192.168.1.20', '::1']) {
      const response = await me(address, asHomeAssistant('0a1b2c3d', 'carmen'));
      expect(response.statusCode, address).toBe(401);
      expect(response.json().code, address).toBe('CEN_ERR_AUTH_REQUIRED');
    }
  });

  it('ignores a forwarded-for header naming the Supervisor', async () => {
    const response = await me('192.168.1.20', {
      ...asHomeAssistant('0a1b2c3d', 'carmen'),
      'x-forwarded-for': SUPERVISOR,
      'x-real-ip': SUPERVISOR,
    });
    expect(response.statusCode).toBe(401);
  });

  it('applies the rules of CENTINELA_INGRESS_ROLE_MAP after the site rules', async () => {
    const response = await me(SUPERVISOR, asHomeAssistant('e77e', 'lola'));
    expect(response.json().role).toBe('Admin');
  });

  it('maps Home Assistant groups to roles', async () => {
    expect((await me(SUPERVISOR, asHomeAssistant('a11ce', 'alicia'))).json().role).toBe('Admin');
    expect((await me(SUPERVISOR, asHomeAssistant('b0b', 'roberto'))).json().role).toBe('ReadOnly');
  });

  it('trusts only the configured Supervisor address once it is changed', async () => {
    const admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
    const change = (config: Record<string, unknown>) =>
      h.inject({
        method: 'PUT',
        url: '/api/sites/casa/plugins/auth-mfa',
        headers: admin,
        payload: { config },
      });
    const rules = { ingress_role_map: [{ ha_user: 'carmen', role: 'SuperAdmin' }] };
    expect(
      (await change({ ...rules, ingress_supervisor_address: 'not an address' })).json().code,
    ).toBe('CEN_ERR_PLUGIN_CONFIG_INVALID');
    expect((await change({ ...rules, ingress_supervisor_address: '172.30.32.9' })).statusCode).toBe(
      200,
    );
    try {
      expect((await me(SUPERVISOR, asHomeAssistant('0a1b2c3d', 'carmen'))).statusCode).toBe(401);
      expect((await me('172.30.32.9', asHomeAssistant('0a1b2c3d', 'carmen'))).json().role).toBe(
        'SuperAdmin',
      );
    } finally {
      expect((await change(rules)).statusCode).toBe(200);
    }
    expect((await me(SUPERVISOR, asHomeAssistant('0a1b2c3d', 'carmen'))).statusCode).toBe(200);
  });

  it('gives unmapped users the default role', async () => {
    const response = await me(SUPERVISOR, asHomeAssistant('beef', 'visita'));
    expect(response.json().role).toBe('ReadOnly');
    const forbidden = await h.inject({
      method: 'GET',
      url: '/api/users',
      remoteAddress: SUPERVISOR,
      headers: asHomeAssistant('beef', 'visita'),
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('keeps one shadow user per Home Assistant user, without a password', async () => {
    await me(SUPERVISOR, asHomeAssistant('cafe', 'ana'));
    await me(SUPERVISOR, asHomeAssistant('cafe', 'ana'));
    const rows = await h.centinela.services
      .get('authMfa')
      .em()
      .find(UserSchema, { externalId: 'cafe' });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.passwordHash).toBeNull();
    expect((await h.login(rows[0]!.email, 'any password at all')).statusCode).toBe(401);
  });

  it('refuses a shadow user disabled in Centinela', async () => {
    await me(SUPERVISOR, asHomeAssistant('dead', 'pablo'));
    await h.centinela.services
      .get('authMfa')
      .em()
      .nativeUpdate(UserSchema, { externalId: 'dead' }, { active: false });
    expect((await me(SUPERVISOR, asHomeAssistant('dead', 'pablo'))).statusCode).toBe(401);
  });

  it('rejects unmapped users when the default role is none', async () => {
    const admin = await h.bearer(ADMIN_EMAIL, ADMIN_PASSWORD);
    await h.inject({
      method: 'PUT',
      url: '/api/sites/casa/plugins/auth-mfa',
      headers: admin,
      payload: { config: { ingress_default_role: 'none' } },
    });
    expect((await me(SUPERVISOR, asHomeAssistant('abba', 'otra'))).statusCode).toBe(401);
  });
});

describe('ingress turned off', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.destroy();
  });

  it('ignores the headers even from the Supervisor address', async () => {
    const response = await h.inject({
      method: 'GET',
      url: '/api/auth/me',
      remoteAddress: SUPERVISOR,
      headers: asHomeAssistant('0a1b2c3d', 'carmen'),
    });
    expect(response.statusCode).toBe(401);
  });
});
