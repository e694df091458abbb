import { AUTHENTICATED, type CentinelaPlugin, type RoleName } from '@centinela/core';
import auditPlugin from '@centinela/plugin-audit';
import authMfaPlugin, { createUser } from '@centinela/plugin-auth-mfa';
import evidenceVaultPlugin from '@centinela/plugin-evidence-vault';
import frigateEventsPlugin from '@centinela/plugin-frigate-events';
import gdriveBackupPlugin from '@centinela/plugin-gdrive-backup';
import rbacPlugin from '@centinela/plugin-rbac';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentinela, type TestCentinela } from '../../../core/test/support/centinela';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../../auth-mfa/test/support/harness';

const PROBE_HEADER = 'x-route-probe';
const PROBE_STATUS = 299;

/**
 * Let a probe request stop right after the core's guard, so that no plugin handler runs: the
 * hook is added in the plugin's own context, after the guard in the root context.
 */
function probed(plugin: CentinelaPlugin): CentinelaPlugin {
  const routes = plugin.routes;
  if (routes === undefined) return plugin;
  return {
    ...plugin,
    async routes(app, context) {
      app.addHook('onRequest', async (request, reply) => {
        if (request.headers[PROBE_HEADER] === '1') return reply.code(PROBE_STATUS).send();
      });
      await routes.call(plugin, app, context);
    },
  };
}

/** The six builtin plugins, exactly as the CLI loads them (the packages' default exports). */
const BUILTIN_PLUGINS: CentinelaPlugin[] = [
  authMfaPlugin,
  rbacPlugin,
  auditPlugin,
  frigateEventsPlugin,
  evidenceVaultPlugin,
  gdriveBackupPlugin,
];

const ALL: RoleName[] = ['SuperAdmin', 'Admin', 'ReadOnly'];
/**
 * The roles table of the architecture, per permission. A permission that appears on a route
 * but not here fails the walk, so every new permission gets a decision.
 */
const ROLE_TABLE: Record<string, RoleName[]> = {
  'sites:read': ALL,
  'sites:manage': ['SuperAdmin'],
  'plugins:manage': ['SuperAdmin'],
  'users:manage': ['SuperAdmin'],
  'auth:policy': ['SuperAdmin'],
  'audit:read': ['SuperAdmin'],
  'cameras:read': ALL,
  'cameras:manage': ['SuperAdmin'],
  'events:read': ALL,
  // Not in the architecture's table: asking Frigate for a backfill now changes no data of its own.
  'events:sync': ['SuperAdmin', 'Admin'],
  'evidence:export': ['SuperAdmin', 'Admin'],
  'evidence:read': ['SuperAdmin', 'Admin'],
  'backups:read': ['SuperAdmin', 'Admin'],
  'backups:run': ['SuperAdmin'],
};

interface Route {
  method: string;
  url: string;
}

/** Every route of the app, from `printRoutes` (a tree whose lines extend their parent's path). */
function walkRoutes(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S*) \(([^)]+)\)/.exec(line);
    if (match === null) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of match[3]!.split(', '))
      if (method !== 'HEAD') routes.push({ method, url: path });
  }
  return routes;
}

function concrete(url: string): string {
  return url
    .replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000')
    .replace(/\*$/, 'probe');
}

describe('route permissions', () => {
  let centinela: TestCentinela;
  let routes: Route[];
  const headers = new Map<RoleName, Record<string, string>>();
  /** Route config seen by the authenticator; routes it never sees are public. */
  const configs = new Map<string, { permission?: string }>();
  const loadedNames: string[] = [];

  beforeAll(async () => {
    const plugins = BUILTIN_PLUGINS;
    loadedNames.push(...plugins.map((plugin) => plugin.manifest.name));
    centinela = await startTestCentinela({
      database: 'postgres',
      plugins: plugins.map(probed),
      env: { CENTINELA_ADMIN_EMAIL: ADMIN_EMAIL, CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });

    const authenticator = centinela.services.get('authenticator');
    const authenticate = authenticator.authenticate.bind(authenticator);
    authenticator.authenticate = async (request: FastifyRequest) => {
      configs.set(`${request.method} ${request.routeOptions.url}`, {
        ...request.routeOptions.config,
      });
      return authenticate(request);
    };

    // Install every loaded plugin on the site, so that none of its routes answers 404.
    const admin = await centinela.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    for (const plugin of plugins) {
      if (centinela.sites.isEnabled('casa', plugin.manifest.name)) continue;
      const installed = await centinela.app.inject({
        method: 'PUT',
        url: `/api/sites/casa/plugins/${plugin.manifest.name}`,
        headers: { authorization: `Bearer ${admin.json().access_token as string}` },
        payload: { config: {} },
      });
      expect(installed.statusCode, installed.body).toBe(200);
    }

    const auth = centinela.services.get('authMfa');
    for (const role of ['SuperAdmin', 'Admin', 'ReadOnly'] as const) {
      const email = role === 'SuperAdmin' ? ADMIN_EMAIL : `${role.toLowerCase()}@example.com`;
      const password =
        role === 'SuperAdmin' ? ADMIN_PASSWORD : `route walk secret ${role.length} phrase`;
      if (role !== 'SuperAdmin')
        await createUser(
          auth.em(),
          { email, password, role, mustChangePassword: false },
          new Date(),
        );
      const login = await centinela.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
      });
      headers.set(role, { authorization: `Bearer ${login.json().access_token as string}` });
    }
    routes = walkRoutes(centinela.app.printRoutes({ commonPrefix: false })).filter((route) =>
      route.url.startsWith('/api'),
    );
  });

  afterAll(async () => {
    await centinela?.destroy();
  });

  const probe = (route: Route, role?: RoleName) =>
    centinela.app.inject({
      method: route.method as 'GET',
      url: concrete(route.url),
      headers: { [PROBE_HEADER]: '1', ...(role === undefined ? {} : headers.get(role)) },
    });

  it('finds the routes of every builtin plugin', () => {
    expect(loadedNames).toEqual([
      'auth-mfa',
      'rbac',
      'audit',
      'frigate-events',
      'evidence-vault',
      'gdrive-backup',
    ]);
    expect(centinela.registry.status().filter((status) => status.state !== 'loaded')).toEqual([]);
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'GET /api/users',
        'PATCH /api/users/:id',
        'GET /api/audit/verify',
        'GET /api/plugins',
        'GET /api/ws',
        'GET /api/events',
        'GET /api/events/:id/clip',
        'POST /api/evidence/export',
        'GET /api/evidence/:id/download',
        'GET /api/backups/runs',
        'POST /api/backups/runs',
      ]),
    );
  });

  it('answers 401 without credentials on every route but the public ones', async () => {
    for (const route of routes) {
      const anonymous = await probe(route);
      await probe(route, 'SuperAdmin');
      const isPublic = !configs.has(`${route.method} ${route.url}`);
      if (isPublic) continue;
      expect(anonymous.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
    const publicRoutes = routes
      .filter((route) => !configs.has(`${route.method} ${route.url}`))
      .map((route) => `${route.method} ${route.url}`);
    expect(publicRoutes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/auth/refresh',
        'POST /api/auth/logout',
      ]),
    );
    // Public by design: session start and end, health, API docs, signed media links, the evidence signing key.
    for (const url of publicRoutes)
      expect(url).toMatch(
        /^(POST \/api\/auth\/(login|refresh|logout)|GET \/api\/(health|ready|docs.*|media\/.*|evidence\/public-key))$/,
      );
  });

  it('gives each role exactly what the role table gives', async () => {
    for (const route of routes) {
      const config = configs.get(`${route.method} ${route.url}`);
      if (config === undefined) continue;
      const permission = config.permission ?? AUTHENTICATED;
      if (permission !== AUTHENTICATED)
        expect(Object.keys(ROLE_TABLE), `${route.method} ${route.url}`).toContain(permission);
      for (const role of ['SuperAdmin', 'Admin', 'ReadOnly'] as const) {
        const response = await probe(route, role);
        const label = `${role} ${route.method} ${route.url} (${permission})`;
        const granted =
          permission === AUTHENTICATED || ROLE_TABLE[permission]?.includes(role) === true;
        if (granted) {
          expect(response.statusCode, label).not.toBe(401);
          expect(response.statusCode, label).not.toBe(403);
        } else {
          expect(response.statusCode, label).toBe(403);
          expect(response.json().code, label).toBe('CEN_ERR_RBAC_FORBIDDEN');
        }
      }
    }
  });

  it('refuses ReadOnly every write and every evidence and audit route', async () => {
    for (const route of routes) {
      const config = configs.get(`${route.method} ${route.url}`);
      if (config === undefined) continue;
      const permission = config.permission ?? AUTHENTICATED;
      const write = route.method !== 'GET';
      if (write && permission === AUTHENTICATED) {
        // The only writes open to every user are on the caller's own account and session.
        expect(route.url, `${route.method} ${route.url}`).toMatch(/^\/api\/auth\//);
        continue;
      }
      if (write || /^\/api\/(evidence|audit)(\/|$)/.test(route.url)) {
        expect((await probe(route, 'ReadOnly')).statusCode, `${route.method} ${route.url}`).toBe(
          403,
        );
      }
    }
  });

  it('builds the role table from the manifests exactly as documented', () => {
    const authorizer = centinela.services.get('authorizer');
    for (const role of ALL) {
      const expected = Object.keys(ROLE_TABLE)
        .filter((permission) => ROLE_TABLE[permission]!.includes(role))
        .sort();
      expect(authorizer.permissionsOf(role), role).toEqual(expected);
    }
  });
});
