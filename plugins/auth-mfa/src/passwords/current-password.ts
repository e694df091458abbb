import type { AuthContext } from '../context';
import type { User } from '../entities';
import { AuthErrors } from '../errors';
import { AUTH_ACTIONS } from '../events';
import { isLocked, registerFailure } from '../lockout';
import type { RequestMeta } from '../request-meta';
import { verifyPassword } from './hashing';

/**
 * Require the current password before a sensitive change (password, TOTP). A wrong one counts
 * towards the account lock like a failed login, so a stolen session cannot guess it freely.
 */
export async function requireCurrentPassword(
  context: AuthContext,
  user: User,
  password: string,
  meta: RequestMeta,
  action: string,
): Promise<void> {
  const now = context.now();
  const usable = user.passwordHash !== null && !isLocked(user, now);
  const matches = usable
    ? await verifyPassword(user.passwordHash as string, password)
    : await context.dummyHash.burn(password);
  if (matches) return;
  const locked = usable ? await registerFailure(context, user.id) : false;
  context.publish({
    siteId: meta.siteId,
    actor: { id: user.id, email: user.email, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.passwordChangeFailed,
    resource: `user/${user.id}`,
    details: {
      attempted: action,
      reason: usable ? 'wrong current password' : 'account locked',
      locked,
    },
  });
  throw AuthErrors.currentPasswordInvalid({
    field: 'body/current_password',
    fix: `Send the account's current password; after ${context.options.maxFailedAttempts} failures the account is locked for ${context.options.lockMinutes} minutes.`,
  });
}
