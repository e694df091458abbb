import type { AuthContext } from '../context';
import { MfaTotpSchema, RecoveryCodeSchema, type User } from '../entities';
import { AuthErrors } from '../errors';
import { AUTH_ACTIONS } from '../events';
import { requireCurrentPassword } from '../passwords/current-password';
import type { RequestMeta } from '../request-meta';
import { revokeUserSessions } from '../tokens/sessions';
import { replaceRecoveryCodes } from './recovery-codes';
import { checkCode, claimTimeStep, newEnrollment, type TotpEnrollment } from './totp';

function actorOf(user: User, meta: RequestMeta) {
  return { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent };
}

/**
 * Start a TOTP enrollment: a new secret, stored encrypted and pending until a code confirms
 * it. A pending enrollment is replaced; an enabled one must be turned off first.
 */
export async function enrollTotp(
  context: AuthContext,
  user: User,
  currentPassword: string,
  meta: RequestMeta,
): Promise<TotpEnrollment> {
  await requireCurrentPassword(context, user, currentPassword, meta, AUTH_ACTIONS.mfaEnroll);
  const em = context.em();
  const existing = await em.findOne(MfaTotpSchema, { userId: user.id });
  if (existing?.enabledAt != null)
    throw AuthErrors.mfaAlreadyEnabled({
      fix: 'DELETE /api/auth/mfa/totp with the current password, then enrol again.',
    });

  const enrollment = await newEnrollment(user.email);
  const sealed = context.secretBox.seal(enrollment.secret, user.id);
  const now = context.now();
  if (existing === null) {
    em.create(MfaTotpSchema, {
      userId: user.id,
      keyId: sealed.keyId,
      secretCiphertext: sealed.ciphertext,
      createdAt: now,
      enabledAt: null,
      lastUsedStep: null,
    });
  } else {
    existing.keyId = sealed.keyId;
    existing.secretCiphertext = sealed.ciphertext;
    existing.createdAt = now;
    existing.lastUsedStep = null;
  }
  await em.flush();
  context.publish({
    siteId: meta.siteId,
    actor: actorOf(user, meta),
    action: AUTH_ACTIONS.mfaEnroll,
    resource: `user/${user.id}`,
    details: {},
  });
  return enrollment;
}

/** Confirm a pending enrollment with a code; turns TOTP on and returns ten recovery codes. */
export async function confirmTotp(
  context: AuthContext,
  user: User,
  code: string,
  meta: RequestMeta,
): Promise<string[]> {
  const em = context.em();
  const row = await em.findOne(MfaTotpSchema, { userId: user.id });
  if (row === null)
    throw AuthErrors.mfaNotEnrolled('pending', {
      fix: 'Call POST /api/auth/mfa/totp/enroll first.',
    });
  if (row.enabledAt !== null) throw AuthErrors.mfaAlreadyEnabled();
  const check = await checkCode(context, row, code.trim());
  if (check.outcome !== 'valid' || !(await claimTimeStep(context, user.id, check.timeStep))) {
    throw AuthErrors.mfaCodeInvalid({
      field: 'body/code',
      fix: 'Type the 6-digit code the authenticator shows now.',
    });
  }
  const now = context.now();
  await em.nativeUpdate(MfaTotpSchema, { userId: user.id, enabledAt: null }, { enabledAt: now });
  const codes = await replaceRecoveryCodes(em, user.id, now);
  context.publish({
    siteId: meta.siteId,
    actor: actorOf(user, meta),
    action: AUTH_ACTIONS.mfaVerify,
    resource: `user/${user.id}`,
    details: { enabled: true },
  });
  return codes;
}

/** Turn TOTP off (needs the current password); drops the secret and the recovery codes. */
export async function disableTotp(
  context: AuthContext,
  user: User,
  currentPassword: string,
  meta: RequestMeta,
): Promise<void> {
  await requireCurrentPassword(context, user, currentPassword, meta, AUTH_ACTIONS.mfaDisable);
  const em = context.em();
  const removed = await em.nativeDelete(MfaTotpSchema, { userId: user.id });
  await em.nativeDelete(RecoveryCodeSchema, { userId: user.id });
  if (removed === 0)
    throw AuthErrors.mfaNotEnrolled('active', { fix: 'TOTP is already off for this account.' });
  context.publish({
    siteId: meta.siteId,
    actor: actorOf(user, meta),
    action: AUTH_ACTIONS.mfaDisable,
    resource: `user/${user.id}`,
    details: {},
  });
}

/** Replace the ten recovery codes (needs the current password and TOTP on); returns the new ones once. */
export async function regenerateRecoveryCodes(
  context: AuthContext,
  user: User,
  currentPassword: string,
  meta: RequestMeta,
): Promise<string[]> {
  await requireCurrentPassword(
    context,
    user,
    currentPassword,
    meta,
    AUTH_ACTIONS.mfaRecoveryCodesReset,
  );
  const em = context.em();
  const totp = await em.findOne(MfaTotpSchema, { userId: user.id });
  if (totp?.enabledAt == null)
    throw AuthErrors.mfaNotEnrolled('active', {
      fix: 'Turn TOTP on first; recovery codes come with it.',
    });
  const codes = await replaceRecoveryCodes(em, user.id, context.now());
  context.publish({
    siteId: meta.siteId,
    actor: actorOf(user, meta),
    action: AUTH_ACTIONS.mfaRecoveryCodesReset,
    resource: `user/${user.id}`,
    details: { count: codes.length },
  });
  return codes;
}

/**
 * Turn TOTP off for another user who lost the authenticator and the recovery codes. The
 * administrator confirms with their own current password. Every session of the user ends,
 * so the role's TOTP policy applies again from the next login.
 */
export async function resetTotpOfUser(
  context: AuthContext,
  administrator: User,
  currentPassword: string,
  target: User,
  meta: RequestMeta,
): Promise<void> {
  await requireCurrentPassword(
    context,
    administrator,
    currentPassword,
    meta,
    AUTH_ACTIONS.mfaReset,
  );
  const em = context.em();
  const removed = await em.nativeDelete(MfaTotpSchema, { userId: target.id });
  await em.nativeDelete(RecoveryCodeSchema, { userId: target.id });
  if (removed === 0)
    throw AuthErrors.mfaNotEnrolled('active', { fix: 'TOTP is already off for this user.' });
  const revoked = await revokeUserSessions(em, target.id, 'mfa_reset', context.now());
  context.publish({
    siteId: meta.siteId,
    actor: actorOf(administrator, meta),
    action: AUTH_ACTIONS.mfaReset,
    resource: `user/${target.id}`,
    details: { email: target.email, sessions_revoked: revoked },
  });
}
