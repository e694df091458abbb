import fc from 'fast-check';
import type { InjectOptions } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltinCentinela, type BuiltinCentinela } from './support/builtin-centinela';
import {
  hostileBody,
  hostileHeaderValue,
  hostileQuery,
  hostileSegment,
  rarelyHostile,
  type HostileBody,
} from './support/hostile';
import { knownCases } from './support/known-cases';
import { routesOf, type RouteUnderTest } from './support/route-table';
import { expectSafeResponse } from './support/safe-response';

/**
 * Every route of a Centinela with all six builtin plugins, called as a logged-in SuperAdmin
 * with hostile path segments, query strings, bodies and headers. Whatever arrives, the response
 * status is below 500 and the body shows no stack trace or server path. FUZZ_RUNS sets the
 * number of requests per route.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 12);
/** Routes that take no session; sent without the token so that hostile logouts end none. */
const PUBLIC_PATHS = new Set([
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/health',
  '/api/ready',
  '/api/evidence/public-key',
  '/api/media/:token',
]);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const SITE = 'casa';

// Started while the file is collected, so that each route becomes a test of its own.
const core: BuiltinCentinela = await startBuiltinCentinela();
const routes: RouteUnderTest[] = routesOf(core.centinela.app);

interface HostileRequest {
  params: string[];
  query: Record<string, string>;
  body: HostileBody | null;
  site: string | null;
  range: string | null;
  address: string;
}

function requestArbitrary(route: RouteUnderTest): fc.Arbitrary<HostileRequest> {
  return fc.record({
    params: fc.tuple(...route.params.map(() => hostileSegment)),
    query: hostileQuery(Object.keys(route.query), SITE),
    body: WITH_BODY.has(route.method)
      ? hostileBody(route.body)
      : fc.option(hostileBody(null), { freq: 4 }),
    site: rarelyHostile(SITE, hostileHeaderValue),
    range: fc.option(hostileHeaderValue, { freq: 2 }),
    address: fc.ipV4(),
  });
}

function injectOptions(route: RouteUnderTest, request: HostileRequest): InjectOptions {
  let index = 0;
  const path = route.path.replace(/:[A-Za-z0-9_]+/g, () => request.params[index++] ?? 'x');
  const query = new URLSearchParams(request.query).toString();
  const headers: Record<string, string> = {};
  if (!PUBLIC_PATHS.has(route.path)) headers.authorization = `Bearer ${core.token}`;
  if (request.site !== null) headers['x-centinela-site'] = request.site;
  if (request.range !== null) headers.range = request.range;
  const options: InjectOptions = {
    method: route.method,
    url: query === '' ? path : `${path}?${query}`,
    headers,
    // Login is rate-limited per address; a fresh address reaches the validation behind it.
    remoteAddress: request.address,
  };
  if (request.body?.kind === 'json') {
    headers['content-type'] = 'application/json';
    options.payload = JSON.stringify(request.body.value) ?? 'null';
  } else if (request.body?.kind === 'raw') {
    headers['content-type'] = request.body.contentType;
    options.payload = request.body.text;
  }
  return options;
}

/** Logs in again when a hostile request ended the session. */
async function keepSession(): Promise<void> {
  const me = await core.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${core.token}` },
  });
  if (me.statusCode === 200) return;
  await core.login();
}

beforeAll(async () => {
  // Plugins that are off by default get installed, so their routes do more than return 404.
  for (const name of ['gdrive-backup', 'evidence-vault', 'frigate-events']) {
    const response = await core.inject({
      method: 'PUT',
      url: `/api/sites/casa/plugins/${name}`,
      headers: { authorization: `Bearer ${core.token}` },
      payload: { config: {} },
    });
    expect(response.statusCode, response.body).toBe(200);
  }
});

afterAll(async () => {
  await core.stop();
});

describe('hostile requests on every route', () => {
  it('covers the routes of all six plugins', () => {
    const paths = routes.map((route) => `${route.method} ${route.path}`);
    for (const expected of [
      'POST /api/auth/login',
      'GET /api/users/:id',
      'GET /api/audit',
      'GET /api/events/:id/clip',
      'POST /api/evidence/export',
      'GET /api/evidence/:id/download',
      'POST /api/backups/runs',
      'PUT /api/sites/:id/plugins/:name',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  for (const route of routes) {
    const name = `${route.method} ${route.path}`;
    it(`${name} with known hostile values`, async () => {
      for (const known of knownCases(route)) {
        const request: HostileRequest = { ...known, site: null, range: null, address: '127.0.0.2' };
        const response = await core.inject(injectOptions(route, request));
        expectSafeResponse(response, `${name} ${JSON.stringify(known)}`);
      }
      await keepSession();
    });

    it(`${name} with random hostile requests`, async () => {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route), async (request) => {
          const response = await core.inject(injectOptions(route, request));
          expectSafeResponse(response, name);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      await keepSession();
    });
  }

  it('rejects a NUL character in a valid body', async () => {
    const response = await core.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${core.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        email: 'nul.test@centinela.example',
        role: 'ReadOnly',
        display_name: 'a\u0000b',
      }),
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().field).toBe('body/display_name');
  });

  it('still serves after the hostile requests', async () => {
    const health = await core.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const events = await core.inject({
      method: 'GET',
      url: '/api/events',
      headers: { authorization: `Bearer ${core.token}` },
    });
    expect(events.statusCode).toBe(200);
  });
});
