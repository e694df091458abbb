import type { Principal } from '@centinela/core';
import type { AuthContext } from '../context';
import { UserSchema } from '../entities';
import { AuthErrors } from '../errors';
import { AUTH_ACTIONS } from '../events';
import type { RequestMeta } from '../request-meta';
import { revokeUserSessions } from '../tokens/sessions';
import { assertPasswordAccepted } from '../users';
import { requireCurrentPassword } from './current-password';
import { hashPassword } from './hashing';
import { generateOneTimePassword } from './one-time';

/**
 * Change the caller's own password. Other sessions of the user are revoked; the session that
 * made the change stays signed in.
 */
export async function changePassword(
  context: AuthContext,
  principal: Principal,
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<void> {
  const em = context.em();
  const user = await em.findOneOrFail(UserSchema, { id: principal.userId });
  await requireCurrentPassword(context, user, currentPassword, meta, AUTH_ACTIONS.passwordChange);
  if (newPassword === currentPassword) {
    throw AuthErrors.passwordUnchanged({
      field: 'body/new_password',
      fix: 'Choose a password different from the current one.',
    });
  }
  assertPasswordAccepted(newPassword, user.email, 'body/new_password');
  const now = context.now();
  user.passwordHash = await hashPassword(newPassword);
  user.mustChangePassword = false;
  user.failedAttempts = 0;
  user.lockedUntil = null;
  user.updatedAt = now;
  await em.flush();
  const revoked = await revokeUserSessions(
    em,
    user.id,
    'password_change',
    now,
    principal.sessionId,
  );
  context.publish({
    siteId: meta.siteId,
    actor: { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.passwordChange,
    resource: `user/${user.id}`,
    details: { other_sessions_revoked: revoked },
  });
}

/**
 * Give a user a new one-time password (an administrator's reset): the user must change it at
 * the next login, every session of the user is revoked and the account lock is cleared.
 * Returns the one-time password, to be shown once to the administrator.
 */
export async function resetPassword(
  context: AuthContext,
  userId: string,
  actor: { id: string | null; email: string | null },
  meta: RequestMeta,
): Promise<string> {
  const em = context.em();
  const user = await em.findOneOrFail(UserSchema, { id: userId });
  const oneTimePassword = generateOneTimePassword();
  const now = context.now();
  user.passwordHash = await hashPassword(oneTimePassword);
  user.mustChangePassword = true;
  user.failedAttempts = 0;
  user.lockedUntil = null;
  user.updatedAt = now;
  await em.flush();
  const revoked = await revokeUserSessions(em, user.id, 'password_reset', now);
  context.publish({
    siteId: meta.siteId,
    actor: { ...actor, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.userPasswordReset,
    resource: `user/${user.id}`,
    details: { email: user.email, sessions_revoked: revoked },
  });
  return oneTimePassword;
}
