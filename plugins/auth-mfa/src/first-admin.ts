import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AuthContext } from './context';
import { UserSchema } from './entities';
import { AUTH_ACTIONS } from './events';
import { passwordProblem } from './passwords/policy';
import { createUser } from './users';

export const DEFAULT_ADMIN_EMAIL = 'admin@centinela.local';
// Any fixed number; it only has to differ from other advisory locks in the database.
const FIRST_ADMIN_LOCK = 0x63656e01;

/**
 * Create the first SuperAdmin when the users table is empty. With CENTINELA_ADMIN_EMAIL and
 * CENTINELA_ADMIN_PASSWORD it uses those; otherwise it makes a one-time password that must be
 * changed at first login and writes it to the log once. An advisory lock keeps two instances
 * starting together from both creating one.
 */
export async function ensureFirstSuperAdmin(
  context: AuthContext,
): Promise<{ email: string; oneTimePassword: string } | null> {
  const email = context.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
  let password = context.config.adminPassword;
  if (password !== undefined) {
    const problem = passwordProblem(password, email);
    if (problem !== null) {
      context.log.warn(
        { email },
        'CENTINELA_ADMIN_PASSWORD is not used because %s; a one-time password is made instead',
        problem,
      );
      password = undefined;
    }
  }

  const created = await context.em().transactional(async (em: SqlEntityManager) => {
    await em.execute('select pg_advisory_xact_lock(?)', [FIRST_ADMIN_LOCK]);
    if ((await em.count(UserSchema, {})) > 0) return null;
    return createUser(
      em,
      {
        email,
        role: 'SuperAdmin',
        displayName: 'Administrator',
        ...(password === undefined ? {} : { password }),
      },
      context.now(),
    );
  });
  if (created === null) return null;

  context.publish({
    siteId: null,
    actor: { id: null, email: null, address: null, userAgent: 'centinela' },
    action: AUTH_ACTIONS.userCreate,
    resource: `user/${created.user.id}`,
    details: { email: created.user.email, role: 'SuperAdmin', source: 'first start' },
  });
  if (created.oneTimePassword === undefined) {
    context.log.info(
      { email: created.user.email },
      'first SuperAdmin created from CENTINELA_ADMIN_EMAIL / CENTINELA_ADMIN_PASSWORD',
    );
    return null;
  }
  // The only place where Centinela logs a secret: the first start has no other channel to hand
  // the administrator a password. It is printed once, works once, and must be changed at login.
  // It goes in the message text because pino redacts any `password` field.
  context.log.warn(
    { email: created.user.email },
    'first SuperAdmin created: log in as %s with the one-time password %s and change it',
    created.user.email,
    created.oneTimePassword,
  );
  return { email: created.user.email, oneTimePassword: created.oneTimePassword };
}
