import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserSchema } from '../src/index';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHarness, type Harness } from './support/harness';

describe('login', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.destroy();
  });

  it('returns tokens, the user and portal cookies', async () => {
    const response = await h.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      mfa_enrollment_required: false,
    });
    expect(body.user).toMatchObject({
      email: ADMIN_EMAIL,
      role: 'SuperAdmin',
      mfa_enabled: false,
      camera_scope: null,
    });
    expect(body.user.permissions).toContain('users:manage');
    const cookies = Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie]));
    expect(cookies.centinela_access).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(cookies.centinela_refresh).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/api/auth',
    });
    expect(cookies.centinela_csrf?.httpOnly).toBeUndefined();
    expect(cookies.centinela_csrf?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('scopes the refresh cookie to the ingress path', async () => {
    const prefix = '/api/hassio_ingress/Xq3t9vLm2R_8k-Zp';
    const response = await h.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-ingress-path': prefix },
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const refresh = response.cookies.find((cookie) => cookie.name === 'centinela_refresh');
    expect(refresh?.path).toBe(`${prefix}/api/auth`);

    const forged = await h.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-ingress-path': '/elsewhere; Domain=evil.example' },
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(forged.cookies.find((cookie) => cookie.name === 'centinela_refresh')?.path).toBe('/api/auth');
  });

  it('accepts the email in any case', async () => {
    const response = await h.login(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await h.login(ADMIN_EMAIL, 'not the right password at all');
    const unknown = await h.login('nobody@example.com', 'not the right password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const { request_id: _a, ...wrongBody } = wrong.json();
    const { request_id: _b, ...unknownBody } = unknown.json();
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody.code).toBe('CEN_ERR_AUTH_INVALID_CREDENTIALS');
    await h.login(ADMIN_EMAIL, ADMIN_PASSWORD); // resets the failure count
  });

  it('spends one argon2 verification whether or not the account exists', async () => {
    // Equal work is what keeps the timing alike; wall-clock comparisons belong in bench/.
    const locked = await h.addUser('Admin');
    await h.centinela.services
      .get('authMfa')
      .em()
      .nativeUpdate(
        UserSchema,
        { id: locked.id },
        { lockedUntil: new Date(h.clock.now().getTime() + 60_000) },
      );
    const spy = vi.spyOn(argon2, 'verify');
    try {
      const cases: Array<[string, string]> = [
        ['existing account, wrong password', ADMIN_EMAIL],
        ['unknown email', 'nobody-here@example.com'],
        ['locked account', locked.email],
      ];
      for (const [label, email] of cases) {
        spy.mockClear();
        const response = await h.login(email, 'not the right password at all');
        expect(response.json().code, label).toBe('CEN_ERR_AUTH_INVALID_CREDENTIALS');
        expect(spy, label).toHaveBeenCalledTimes(1);
        expect(spy.mock.calls[0]![0], label).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      }
    } finally {
      spy.mockRestore();
      await h.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }
  });

  it('locks an account after five failures until the lock expires', async () => {
    const user = await h.addUser('Admin');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await h.login(user.email, `wrong password number ${attempt}`)).statusCode).toBe(401);
    }
    const locked = await h.login(user.email, user.password);
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('CEN_ERR_AUTH_INVALID_CREDENTIALS');

    h.clock.advance(14 * 60_000);
    expect((await h.login(user.email, user.password)).statusCode).toBe(401);
    h.clock.advance(2 * 60_000);
    expect((await h.login(user.email, user.password)).statusCode).toBe(200);
  });

  it('clears the failure count after a successful login', async () => {
    const user = await h.addUser('ReadOnly');
    for (let attempt = 1; attempt <= 4; attempt += 1)
      await h.login(user.email, 'wrong password again');
    expect((await h.login(user.email, user.password)).statusCode).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt += 1)
      await h.login(user.email, 'wrong password again');
    expect((await h.login(user.email, user.password)).statusCode).toBe(200);
  });

  it('rehashes a password stored with older argon2 parameters', async () => {
    const user = await h.addUser('ReadOnly');
    const em = h.centinela.services.get('authMfa').em();
    const weak = await argon2.hash(user.password, {
      type: argon2.argon2i,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await em.nativeUpdate(UserSchema, { id: user.id }, { passwordHash: weak });

    expect((await h.login(user.email, user.password)).statusCode).toBe(200);
    const stored = await h.centinela.services
      .get('authMfa')
      .em()
      .findOneOrFail(UserSchema, { id: user.id });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(stored.passwordHash).toContain('m=19456');
    expect(
      argon2.needsRehash(stored.passwordHash as string, {
        memoryCost: 19456,
        timeCost: 2,
        parallelism: 1,
      }),
    ).toBe(false);
  });

  it('rejects a disabled account like a wrong password', async () => {
    const user = await h.addUser('Admin');
    await h.centinela.services
      .get('authMfa')
      .em()
      .nativeUpdate(UserSchema, { id: user.id }, { active: false });
    const response = await h.login(user.email, user.password);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('CEN_ERR_AUTH_INVALID_CREDENTIALS');
  });

  it('validates the body', async () => {
    const response = await h.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN_EMAIL },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'CEN_ERR_VALIDATION', field: 'body/password' });
  });
});

describe('login rate limit', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ auth: { loginRateLimit: { max: 3, timeWindowMs: 60_000 } } });
  });

  afterAll(async () => {
    await h?.destroy();
  });

  it('answers 429 per address with growing waits', async () => {
    const from = (remoteAddress: string) =>
      h.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { email: 'x@example.com', password: 'whatever it is' },
      });
    for (let attempt = 1; attempt <= 3; attempt += 1)
      expect((await from('192.0.2.10')).statusCode).toBe(401);
    const limited = await from('192.0.2.10');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('CEN_ERR_RATE_LIMITED');
    const firstWait = Number(limited.headers['retry-after']);
    expect(firstWait).toBeGreaterThan(0);
    const again = await from('192.0.2.10');
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(firstWait);
    expect((await from('192.0.2.11')).statusCode).toBe(401);
  });
});
