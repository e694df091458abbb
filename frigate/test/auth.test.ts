import { describe, expect, it } from 'vitest';

import type { FrigateSimulator } from '../src/types';
import { fresh, manualClock, startSimulator } from './support/simulators';

const users = [
  { user: 'centinela', password: 'correct horse battery', role: 'admin' as const },
  { user: 'guest', password: 'viewer-pass', role: 'viewer' as const },
];

async function startAuthenticated(clock = manualClock()) {
  const simulator = await startSimulator({
    cameras: ['entrada'],
    authPort: 0,
    users,
    clock: clock.now,
    sessionLength: 3600,
    refreshTime: 600,
  });
  return { simulator, clock, authUrl: simulator.authUrl! };
}

async function login(authUrl: string, user: string, password: string): Promise<Response> {
  return fetch(`${authUrl}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
}

/** Extract the JWT from a login response's `Set-Cookie`. */
function tokenOf(response: Response): string {
  const cookie = response.headers.get('set-cookie') ?? '';
  const match = /^frigate_token=([^;]+);/.exec(cookie);
  if (match === null) throw new Error(`no frigate_token cookie in "${cookie}"`);
  return match[1]!;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

async function adminToken(simulator: FrigateSimulator): Promise<string> {
  return tokenOf(await login(simulator.authUrl!, 'centinela', 'correct horse battery'));
}

describe('authenticated port (8971)', () => {
  it('answers 401 with nginx HTML and no WWW-Authenticate without a token', async () => {
    const { authUrl } = await startAuthenticated();
    const response = await fresh(`${authUrl}/api/events`);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.text()).toContain('<title>401 Authorization Required</title>');
  });

  it('also protects /api/version and /api/stats', async () => {
    const { authUrl } = await startAuthenticated();

    expect((await fresh(`${authUrl}/api/version`)).status).toBe(401);
    expect((await fresh(`${authUrl}/api/stats`)).status).toBe(401);
  });

  it('logs in with an empty 200 and an HttpOnly frigate_token cookie', async () => {
    const { authUrl, clock } = await startAuthenticated();
    const response = await login(authUrl, 'centinela', 'correct horse battery');
    const cookie = response.headers.get('set-cookie') ?? '';

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(cookie).toMatch(/^frigate_token=[\w-]+\.[\w-]+\.[\w-]+; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).not.toContain('Secure');
    expect(claimsOf(tokenOf(response))).toEqual({
      sub: 'centinela',
      role: 'admin',
      exp: clock.now() + 3600,
    });
  });

  it('rejects a wrong password with 401 Login failed', async () => {
    const { authUrl } = await startAuthenticated();
    const response = await login(authUrl, 'centinela', 'wrong');

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: 'Login failed' });
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers 422 for a login body without password', async () => {
    const { authUrl } = await startAuthenticated();
    const response = await fetch(`${authUrl}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'centinela' }),
    });
    const body = (await response.json()) as { detail: { loc: string[] }[] };

    expect(response.status).toBe(422);
    expect(body.detail[0]!.loc).toEqual(['body', 'password']);
  });

  it('accepts the token as a Bearer header and as the cookie', async () => {
    const { simulator, authUrl } = await startAuthenticated();
    const token = await adminToken(simulator);

    const bearer = await fresh(`${authUrl}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toEqual([]);
    const cookie = await fresh(`${authUrl}/api/profile`, {
      headers: { Cookie: `frigate_token=${token}` },
    });
    expect(cookie.status).toBe(200);
    expect(await cookie.json()).toEqual({ username: 'centinela', role: 'admin' });
  });

  it('rejects a token with a changed signature', async () => {
    const { simulator, authUrl } = await startAuthenticated();
    const token = await adminToken(simulator);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;

    const response = await fresh(`${authUrl}/api/events`, {
      headers: { Authorization: `Bearer ${tampered}` },
    });
    expect(response.status).toBe(401);
  });

  it('rejects a token after exp', async () => {
    const { simulator, authUrl, clock } = await startAuthenticated();
    const token = await adminToken(simulator);

    clock.advance(3600);
    const response = await fresh(`${authUrl}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
  });

  it('renews a cookie close to expiry but never a Bearer token', async () => {
    const { simulator, authUrl, clock } = await startAuthenticated();
    const token = await adminToken(simulator);
    clock.advance(3600 - 600 + 1);

    const byCookie = await fresh(`${authUrl}/api/events`, {
      headers: { Cookie: `frigate_token=${token}` },
    });
    expect(byCookie.status).toBe(200);
    const renewed = tokenOf(byCookie);
    expect(claimsOf(renewed).exp).toBe(clock.now() + 3600);
    const byBearer = await fresh(`${authUrl}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(byBearer.status).toBe(200);
    expect(byBearer.headers.get('set-cookie')).toBeNull();
  });

  it('answers 403 to a viewer on an admin route', async () => {
    const { simulator, authUrl } = await startAuthenticated();
    const event = simulator.addEvent({
      camera: 'entrada',
      label: 'person',
      end_time: 1_717_171_800,
    });
    const token = tokenOf(await login(authUrl, 'guest', 'viewer-pass'));

    const response = await fresh(`${authUrl}/api/events/${event.id}/retain`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      detail: 'Role viewer not authorized. Required: admin',
    });
    const profile = await fresh(`${authUrl}/api/profile`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await profile.json()).toEqual({ username: 'guest', role: 'viewer' });
  });

  it('logs out with a redirect that clears the cookie', async () => {
    const { simulator, authUrl } = await startAuthenticated();
    const token = await adminToken(simulator);
    const response = await fetch(`${authUrl}/api/logout`, {
      headers: { Cookie: `frigate_token=${token}` },
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login');
    expect(response.headers.get('set-cookie')).toMatch(/^frigate_token=""; .*Max-Age=0/);
  });
});

describe('unauthenticated port (5000)', () => {
  it('treats every request as anonymous admin', async () => {
    const { simulator } = await startAuthenticated();
    const response = await fresh(`${simulator.url}/api/profile`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ username: 'anonymous', role: 'admin' });
  });
});
