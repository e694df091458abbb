import type { AuthContext } from './context';
import type { User } from './entities';

export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil > now;
}

interface FailureRow {
  failed_attempts: number;
  locked_until: Date | null;
}

/**
 * Count a failed password or second-factor attempt in one UPDATE, so parallel attempts
 * cannot skip the count. The count restarts after a lock has expired; reaching the limit
 * locks the account for `lockMinutes`. Returns true when this failure locked the account.
 */
export async function registerFailure(context: AuthContext, userId: string): Promise<boolean> {
  const now = context.now();
  const { maxFailedAttempts, lockMinutes } = context.options;
  const lockUntil = new Date(now.getTime() + lockMinutes * 60_000);
  const rows = await context.em().execute<FailureRow[]>(
    `with next as (
       select id, case when locked_until is not null and locked_until <= ? then 1 else failed_attempts + 1 end as attempts
         from users where id = ?
     )
     update users u
        set failed_attempts = next.attempts,
            locked_until = case when next.attempts >= ? then ?::timestamptz else null end,
            updated_at = ?
       from next
      where u.id = next.id
     returning u.failed_attempts, u.locked_until`,
    [now, userId, maxFailedAttempts, lockUntil, now],
  );
  const row = rows[0];
  return (
    row !== undefined && row.failed_attempts === maxFailedAttempts && row.locked_until !== null
  );
}

export async function clearFailures(
  context: AuthContext,
  userId: string,
  loggedIn: boolean,
): Promise<void> {
  const now = context.now();
  const set = loggedIn ? ', last_login_at = ?' : '';
  const params = loggedIn ? [now, now, userId] : [now, userId];
  await context
    .em()
    .execute(
      `update users set failed_attempts = 0, locked_until = null, updated_at = ?${set} where id = ?`,
      params,
      'run',
    );
}
