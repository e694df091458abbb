import type { AuthContext } from './context';
import { MfaTotpSchema, UserSchema, type User } from './entities';
import { AuthErrors } from './errors';
import { AUTH_ACTIONS } from './events';
import { clearFailures, isLocked, registerFailure } from './lockout';
import { consumeRecoveryCode } from './mfa/recovery-codes';
import { checkCode, claimTimeStep } from './mfa/totp';
import { hashPassword, needsRehash, verifyPassword } from './passwords/hashing';
import { mustEnrollMfa, readPolicy } from './policy';
import type { RequestMeta } from './request-meta';
import { startSession, type IssuedTokens } from './tokens/sessions';

export interface LoginInput {
  email: string;
  password: string;
  code?: string;
}

export interface LoginResult {
  tokens: IssuedTokens;
  user: User;
  mfaEnabled: boolean;
  mfaEnrollmentRequired: boolean;
}

type SecondFactor =
  | { ok: true; method: 'totp' | 'recovery_code'; remainingCodes?: number }
  | { ok: false; reason: string };

/**
 * Log a user in. Unknown, inactive and locked accounts get the same error as a wrong password
 * and cost the same argon2 verification, so the answer does not tell whether an account
 * exists. A wrong password or second factor counts towards the account lock.
 */
export async function login(
  context: AuthContext,
  input: LoginInput,
  meta: RequestMeta,
): Promise<LoginResult> {
  const now = context.now();
  const email = input.email.trim().toLowerCase();
  const em = context.em();
  const user = await em.findOne(UserSchema, { email });
  const recordFailure = (reason: string, extra: Record<string, unknown> = {}): void => {
    context.publish({
      siteId: meta.siteId,
      actor: {
        id: user?.id ?? null,
        email: user?.email ?? email.slice(0, 254),
        address: meta.address,
        userAgent: meta.userAgent,
      },
      action: AUTH_ACTIONS.loginFailed,
      resource: user === null ? null : `user/${user.id}`,
      details: { reason, ...extra },
    });
  };
  const invalid = () => AuthErrors.invalidCredentials(context.options.lockMinutes);

  if (user === null || user.passwordHash === null || !user.active || isLocked(user, now)) {
    await context.dummyHash.burn(input.password);
    const reason =
      user === null
        ? 'unknown email'
        : user.passwordHash === null
          ? 'no local password'
          : !user.active
            ? 'account disabled'
            : 'account locked';
    recordFailure(reason);
    throw invalid();
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    recordFailure('wrong password', { locked: await lockAfterFailure(context, user, meta) });
    throw invalid();
  }
  if (needsRehash(user.passwordHash)) {
    user.passwordHash = await hashPassword(input.password);
    await em.flush();
  }

  const totp = await em.findOne(MfaTotpSchema, { userId: user.id });
  const mfaEnabled = totp?.enabledAt != null;
  let method: 'password' | 'totp' | 'recovery_code' = 'password';
  if (mfaEnabled) {
    if (input.code === undefined || input.code.trim() === '') {
      throw AuthErrors.mfaRequired({
        extensions: { mfa_required: true },
        field: 'body/code',
        fix: 'Send the login again with "code".',
      });
    }
    const second = await checkSecondFactor(context, user, input.code.trim(), meta);
    if (!second.ok) {
      const locked = await lockAfterFailure(context, user, meta);
      recordFailure(second.reason, { locked });
      throw AuthErrors.mfaInvalid({
        extensions: { mfa_required: true },
        field: 'body/code',
        fix: 'Type the current 6-digit code, or an unused recovery code.',
      });
    }
    method = second.method;
  }

  await clearFailures(context, user.id, true);
  const tokens = await startSession(context, user.id, meta);
  const policy = await readPolicy(em);
  const mfaEnrollmentRequired = mustEnrollMfa(policy, user.role, mfaEnabled);
  context.publish({
    siteId: meta.siteId,
    actor: { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.login,
    resource: `session/${tokens.sessionId}`,
    details: { method, mfa_enrollment_required: mfaEnrollmentRequired },
  });
  return { tokens, user, mfaEnabled, mfaEnrollmentRequired };
}

async function checkSecondFactor(
  context: AuthContext,
  user: User,
  code: string,
  meta: RequestMeta,
): Promise<SecondFactor> {
  const em = context.em();
  const totp = await em.findOneOrFail(MfaTotpSchema, { userId: user.id });
  const check = await checkCode(context, totp, code);
  if (check.outcome === 'valid') {
    if (await claimTimeStep(context, user.id, check.timeStep)) return { ok: true, method: 'totp' };
    return replay(context, user, meta);
  }
  if (check.outcome === 'replay') return replay(context, user, meta);

  const remaining = await consumeRecoveryCode(em, user.id, code, context.now());
  if (remaining === null) return { ok: false, reason: 'wrong second factor' };
  context.publish({
    siteId: meta.siteId,
    actor: { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.mfaRecoveryCodeUsed,
    resource: `user/${user.id}`,
    details: { remaining_codes: remaining },
  });
  return { ok: true, method: 'recovery_code', remainingCodes: remaining };
}

function replay(context: AuthContext, user: User, meta: RequestMeta): SecondFactor {
  context.log.warn({ userId: user.id }, 'TOTP code reused; login rejected');
  context.publish({
    siteId: meta.siteId,
    actor: { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.mfaReplayRejected,
    resource: `user/${user.id}`,
    details: { reason: 'a TOTP code was presented again after it had been accepted' },
  });
  return { ok: false, reason: 'reused TOTP code' };
}

async function lockAfterFailure(
  context: AuthContext,
  user: User,
  meta: RequestMeta,
): Promise<boolean> {
  const locked = await registerFailure(context, user.id);
  if (locked) {
    context.log.warn(
      { userId: user.id, minutes: context.options.lockMinutes },
      'account locked after repeated login failures',
    );
    context.publish({
      siteId: meta.siteId,
      actor: { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent },
      action: AUTH_ACTIONS.lockout,
      resource: `user/${user.id}`,
      details: {
        failed_attempts: context.options.maxFailedAttempts,
        lock_minutes: context.options.lockMinutes,
      },
    });
  }
  return locked;
}
