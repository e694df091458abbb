import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaTotpSchema, RecoveryCodeSchema, rotateSecretKey } from '../src/index';
import { startHarness, totpAt, type Harness, type TestUser } from './support/harness';

describe('TOTP', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.destroy();
  });

  const post = (url: string, headers: Record<string, string>, payload: object) =>
    h.inject({ method: 'POST', url, headers, payload });

  /** Enrol and confirm TOTP for a user; returns the secret and the recovery codes. */
  async function enable(
    user: TestUser,
  ): Promise<{ secret: string; codes: string[]; headers: Record<string, string> }> {
    const headers = await h.bearer(user.email, user.password);
    const enrolled = await post('/api/auth/mfa/totp/enroll', headers, {
      current_password: user.password,
    });
    expect(enrolled.statusCode).toBe(200);
    const { secret } = enrolled.json();
    const verified = await post('/api/auth/mfa/totp/verify', headers, {
      code: await totpAt(secret, h.clock),
    });
    expect(verified.statusCode).toBe(200);
    h.clock.advance(30_000);
    return { secret, codes: verified.json().recovery_codes, headers };
  }

  it('enrolls with a secret, an otpauth URI and a QR code', async () => {
    const user = await h.addUser('Admin');
    const headers = await h.bearer(user.email, user.password);
    const response = await post('/api/auth/mfa/totp/enroll', headers, {
      current_password: user.password,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauth_uri).toBe(
      `otpauth://totp/Centinela:${encodeURIComponent(user.email)}?secret=${body.secret}&issuer=Centinela`,
    );
    expect(body.qr_svg).toContain('<svg');
    expect(body.qr_data_url).toMatch(/^data:image\/png;base64,/);
  });

  it('refuses enrollment without the current password', async () => {
    const user = await h.addUser('Admin');
    const headers = await h.bearer(user.email, user.password);
    const response = await post('/api/auth/mfa/totp/enroll', headers, {
      current_password: 'not my password at all',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'CEN_ERR_AUTH_CURRENT_PASSWORD_INVALID',
      field: 'body/current_password',
    });
    const missing = await post('/api/auth/mfa/totp/enroll', headers, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'CEN_ERR_VALIDATION',
      field: 'body/current_password',
    });
    expect(
      (await h.inject({ method: 'GET', url: '/api/auth/me', headers })).json().mfa_enabled,
    ).toBe(false);
  });

  it('refuses a wrong code at confirmation', async () => {
    const user = await h.addUser('Admin');
    const headers = await h.bearer(user.email, user.password);
    const { secret } = (
      await post('/api/auth/mfa/totp/enroll', headers, { current_password: user.password })
    ).json();
    const wrong = String((Number(await totpAt(secret, h.clock)) + 1) % 1_000_000).padStart(6, '0');
    const response = await post('/api/auth/mfa/totp/verify', headers, { code: wrong });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('CEN_ERR_AUTH_MFA_CODE_INVALID');
    expect(
      (await h.inject({ method: 'GET', url: '/api/auth/me', headers })).json().mfa_enabled,
    ).toBe(false);
  });

  it('stores the secret encrypted', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    const row = await h.centinela.services
      .get('authMfa')
      .em()
      .findOneOrFail(MfaTotpSchema, { userId: user.id });
    expect(row.secretCiphertext).not.toContain(secret);
    expect(row.secretCiphertext).toMatch(/^v1\./);
    expect(row.keyId).toBe(h.centinela.services.get('authMfa').secretBox.keyId);
  });

  it('asks for a code, then logs in with it', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    const without = await h.login(user.email, user.password);
    expect(without.statusCode).toBe(401);
    expect(without.json()).toMatchObject({ code: 'CEN_ERR_AUTH_MFA_REQUIRED', mfa_required: true });
    const withCode = await h.login(user.email, user.password, await totpAt(secret, h.clock));
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json().user.mfa_enabled).toBe(true);
  });

  it('refuses a replayed code and a wrong code', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    const code = await totpAt(secret, h.clock);
    expect((await h.login(user.email, user.password, code)).statusCode).toBe(200);
    const replay = await h.login(user.email, user.password, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'CEN_ERR_AUTH_MFA_INVALID', mfa_required: true });
    const wrong = await h.login(user.email, user.password, '000000' === code ? '111111' : '000000');
    expect(wrong.statusCode).toBe(401);
    h.clock.advance(30_000);
    expect(
      (await h.login(user.email, user.password, await totpAt(secret, h.clock))).statusCode,
    ).toBe(200);

    await h.auditFlush();
    const admin = await h.bearer('boss@example.com', 'correct horse battery staple 7');
    const audit = await h.inject({
      method: 'GET',
      url: `/api/audit?action=auth.mfa.replay_rejected&actor=${user.id}`,
      headers: admin,
    });
    expect(audit.json().items).toHaveLength(1);
  });

  it('accepts a code one step old and refuses one two steps old', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    // enable() used the code of the previous step; one more step makes that step's successor usable.
    h.clock.advance(30_000);
    expect(
      (await h.login(user.email, user.password, await totpAt(secret, h.clock, -1))).statusCode,
    ).toBe(200);
    h.clock.advance(90_000);
    expect(
      (await h.login(user.email, user.password, await totpAt(secret, h.clock, -2))).statusCode,
    ).toBe(401);
  });

  it('accepts each recovery code once', async () => {
    const user = await h.addUser('ReadOnly');
    const { codes } = await enable(user);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await h.login(user.email, user.password, codes[3]!.toUpperCase())).statusCode).toBe(
      200,
    );
    expect((await h.login(user.email, user.password, codes[3]!)).statusCode).toBe(401);
  });

  it('stores recovery codes only as salted hashes', async () => {
    const user = await h.addUser('ReadOnly');
    const { codes } = await enable(user);
    const rows = await h.centinela.services
      .get('authMfa')
      .em()
      .find(RecoveryCodeSchema, { userId: user.id });
    expect(rows).toHaveLength(10);
    const stored = rows.map((row) => row.codeHash).join('\n');
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace('-', ''));
    }
    expect(new Set(rows.map((row) => row.codeHash.split('$')[0])).size).toBe(10);
  });

  it('replaces recovery codes only with the current password', async () => {
    const user = await h.addUser('Admin');
    const { secret, codes } = await enable(user);
    const headers = await h.bearer(user.email, user.password, await totpAt(secret, h.clock));
    const refused = await post('/api/auth/mfa/recovery-codes', headers, {
      current_password: 'a guess at the password',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('CEN_ERR_AUTH_CURRENT_PASSWORD_INVALID');
    expect((await post('/api/auth/mfa/recovery-codes', headers, {})).statusCode).toBe(400);

    const replaced = await post('/api/auth/mfa/recovery-codes', headers, {
      current_password: user.password,
    });
    expect(replaced.statusCode).toBe(200);
    const fresh = replaced.json().recovery_codes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[0]);
    expect((await h.login(user.email, user.password, codes[0]!)).statusCode).toBe(401);
    expect((await h.login(user.email, user.password, fresh[0]!)).statusCode).toBe(200);
  });

  it('counts wrong codes towards the account lock', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    for (let attempt = 0; attempt < 5; attempt += 1)
      await h.login(user.email, user.password, 'abcd-efgh');
    const locked = await h.login(user.email, user.password, await totpAt(secret, h.clock));
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('CEN_ERR_AUTH_INVALID_CREDENTIALS');
  });

  it('turns TOTP off only with the current password', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    const headers = await h.bearer(user.email, user.password, await totpAt(secret, h.clock));
    const refused = await h.inject({
      method: 'DELETE',
      url: '/api/auth/mfa/totp',
      headers,
      payload: { current_password: 'guessing the password' },
    });
    expect(refused.statusCode).toBe(403);
    const missing = await h.inject({
      method: 'DELETE',
      url: '/api/auth/mfa/totp',
      headers,
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    h.clock.advance(30_000);
    expect((await h.login(user.email, user.password)).statusCode).toBe(401);

    const removed = await h.inject({
      method: 'DELETE',
      url: '/api/auth/mfa/totp',
      headers,
      payload: { current_password: user.password },
    });
    expect(removed.statusCode).toBe(204);
    expect((await h.login(user.email, user.password)).statusCode).toBe(200);
  });

  it('refuses a second enrollment while TOTP is on', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    const headers = await h.bearer(user.email, user.password, await totpAt(secret, h.clock));
    const response = await post('/api/auth/mfa/totp/enroll', headers, {
      current_password: user.password,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('CEN_ERR_AUTH_MFA_ALREADY_ENABLED');
  });

  it('holds users of a role that requires TOTP at enrollment', async () => {
    const admin = await h.bearer('boss@example.com', 'correct horse battery staple 7');
    const policy = await h.inject({
      method: 'PUT',
      url: '/api/auth/policy',
      headers: admin,
      payload: { mfa_required_roles: ['Admin'] },
    });
    expect(policy.statusCode).toBe(200);
    try {
      const user = await h.addUser('Admin');
      const login = await h.login(user.email, user.password);
      expect(login.json().mfa_enrollment_required).toBe(true);
      const headers = { authorization: `Bearer ${login.json().access_token}` };
      const blocked = await h.inject({ method: 'GET', url: '/api/users', headers });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json()).toMatchObject({
        code: 'CEN_ERR_AUTH_MFA_ENROLLMENT_REQUIRED',
        mfa_enrollment_required: true,
      });
      await h.auditFlush();
      const refusals = await h.inject({
        method: 'GET',
        url: `/api/audit?action=access.denied&actor=${user.id}`,
        headers: admin,
      });
      expect(refusals.json().items[0]).toMatchObject({
        resource: 'GET /api/users',
        details: { permission: 'users:manage', reason: 'totp_enrollment_required' },
      });
      expect(
        (await h.inject({ method: 'GET', url: '/api/auth/me', headers })).json()
          .mfa_enrollment_required,
      ).toBe(true);

      const { secret } = (
        await post('/api/auth/mfa/totp/enroll', headers, { current_password: user.password })
      ).json();
      expect(
        (await post('/api/auth/mfa/totp/verify', headers, { code: await totpAt(secret, h.clock) }))
          .statusCode,
      ).toBe(200);
      // Admins lack users:manage, so once enrolled the answer is the ordinary 403.
      expect((await h.inject({ method: 'GET', url: '/api/users', headers })).json().code).toBe(
        'CEN_ERR_RBAC_FORBIDDEN',
      );
    } finally {
      await h.inject({
        method: 'PUT',
        url: '/api/auth/policy',
        headers: admin,
        payload: { mfa_required_roles: [] },
      });
    }
  });

  it('re-encrypts secrets under a new key', async () => {
    const user = await h.addUser('Admin');
    const { secret } = await enable(user);
    const auth = h.centinela.services.get('authMfa');
    const newKey = randomBytes(32).toString('base64');
    const result = await rotateSecretKey(
      h.centinela.database.orm,
      h.centinela.config.secretKey as string,
      newKey,
    );
    expect(result.rotated).toBeGreaterThanOrEqual(1);
    const row = await auth.em().findOneOrFail(MfaTotpSchema, { userId: user.id });
    expect(row.keyId).not.toBe(auth.secretBox.keyId);
    const { SecretBox } = await import('../src/secret-box');
    expect(
      new SecretBox(newKey).open({ keyId: row.keyId, ciphertext: row.secretCiphertext }, user.id),
    ).toBe(secret);

    const again = await rotateSecretKey(
      h.centinela.database.orm,
      h.centinela.config.secretKey as string,
      newKey,
    );
    expect(again.rotated).toBe(0);
    expect(again.unchanged).toBe(result.rotated);
    const back = await rotateSecretKey(
      h.centinela.database.orm,
      newKey,
      h.centinela.config.secretKey as string,
    );
    expect(back.rotated).toBe(result.rotated);
  });
});
