import type { CentinelaPlugin, NewUser } from '@centinela/core';
import { AuthContext } from './context';
import { AUTH_ACTIONS } from './events';
import { ensureFirstSuperAdmin } from './first-admin';
import { createAuthenticator } from './http/authenticator';
import { manifest } from './manifest';
import { resolveOptions, type AuthMfaOptions } from './options';
import { registerAccountRoutes } from './routes/account-routes';
import { registerMfaRoutes } from './routes/mfa-routes';
import { registerPolicyRoutes } from './routes/policy-routes';
import { registerSessionRoutes } from './routes/session-routes';
import { createUser } from './users';

declare module '@centinela/core' {
  interface CentinelaServices {
    /** The auth-mfa plugin's state for this instance; rbac manages users through it. */
    authMfa: AuthContext;
  }
}

/**
 * Make the auth-mfa plugin. Options exist for tests (a clock they can move, a higher login
 * rate limit); the default export uses the defaults.
 */
export function createAuthMfaPlugin(options: AuthMfaOptions = {}): CentinelaPlugin {
  const resolved = resolveOptions(options);
  // Set by the first start that creates the SuperAdmin; handed to the start banner once.
  let firstLogin: { email: string; oneTimePassword: string } | undefined;
  return {
    manifest,
    setup(context) {
      const auth = new AuthContext(context, resolved);
      context.services.provide('authMfa', auth);
      context.services.provide('authenticator', createAuthenticator(auth));
      context.services.provide('users', {
        async createUser(input: NewUser) {
          const created = await createUser(auth.em(), input, auth.now());
          auth.publish({
            siteId: null,
            actor: { id: null, email: null, address: 'cli', userAgent: 'centinela-cli' },
            action: AUTH_ACTIONS.userCreate,
            resource: `user/${created.user.id}`,
            details: { email: created.user.email, role: created.user.role, source: 'command line' },
          });
          const { id, email, role } = created.user;
          return created.oneTimePassword === undefined
            ? { id, email, role }
            : { id, email, role, oneTimePassword: created.oneTimePassword };
        },
        takeFirstLogin() {
          const taken = firstLogin;
          firstLogin = undefined;
          return taken;
        },
      });
    },
    routes(app, context) {
      const auth = context.services.get('authMfa');
      // Migrations run after route registration, so the first user is made once the app is ready.
      // The dummy hash is made now so that the first login of an unknown email costs no extra hash.
      app.addHook('onReady', async () => {
        // A one-off command such as create-user must not print a one-time password first.
        if (!context.offline) firstLogin = (await ensureFirstSuperAdmin(auth)) ?? undefined;
        await auth.dummyHash.get();
      });
      registerSessionRoutes(app, auth);
      registerAccountRoutes(app, auth);
      registerMfaRoutes(app, auth);
      registerPolicyRoutes(app, auth);
    },
  };
}

export const authMfaPlugin = createAuthMfaPlugin();
export default authMfaPlugin;

export { manifest } from './manifest';
export { AuthContext } from './context';
export { AuthErrors } from './errors';
export { AUTH_ACTIONS, type ActorWithEmail, type SecurityActivity } from './events';
export * from './entities';
export { AUTH_MIGRATIONS } from './migrations';
export { DEFAULT_ADMIN_EMAIL } from './first-admin';
export { DEFAULT_SUPERVISOR_ADDRESS } from './http/ingress';
export { ACCESS_COOKIE, REFRESH_COOKIE, CSRF_COOKIE, CSRF_HEADER } from './http/cookies';
export { type AuthMfaOptions, type Clock, type LoginRateLimit } from './options';
export { hashPassword, verifyPassword, ARGON2_POLICY } from './passwords/hashing';
export { passwordProblem, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './passwords/policy';
export { generateOneTimePassword } from './passwords/one-time';
export { resetPassword } from './passwords/change';
export { rotateSecretKey, type RotationResult } from './rotate-secret-key';
export { rotateSecretKeyCommand, NEW_SECRET_KEY_ENV, type CommandOutput } from './cli';
export { resetTotpOfUser } from './mfa/enrollment';
export { currentPasswordBody } from './http/schemas';
export { SecretBox } from './secret-box';
export { revokeSession, revokeUserSessions } from './tokens/sessions';
export {
  createUser,
  normalizeEmail,
  assertPasswordAccepted,
  isMfaEnabled,
  toUserView,
  type CreateUserInput,
  type CreatedUser,
  type UserView,
} from './users';
export { type RequestMeta, requestMeta } from './request-meta';
