import type { ActorRef } from '@centinela/core';

/** Who did something, with the email when known (the audit log stores both). */
export interface ActorWithEmail extends ActorRef {
  email: string | null;
}

/**
 * A security-relevant action on accounts or sessions. The audit plugin stores every one;
 * `details` never carries a password, token, TOTP secret or code.
 */
export interface SecurityActivity {
  siteId: string | null;
  actor: ActorWithEmail;
  /** For example `auth.login`, `auth.mfa.disable`, `user.update`. */
  action: string;
  /** What the action was about, for example `user/<id>`. */
  resource: string | null;
  details: Record<string, unknown>;
}

declare module '@centinela/core' {
  interface BusTopics {
    'auth.activity': SecurityActivity;
  }
}

/** Actions published on `auth.activity` by auth-mfa and rbac. */
export const AUTH_ACTIONS = {
  login: 'auth.login',
  loginFailed: 'auth.login_failed',
  lockout: 'auth.lockout',
  logout: 'auth.logout',
  refreshReuse: 'auth.refresh_token_reuse',
  csrfRejected: 'auth.csrf_rejected',
  mfaEnroll: 'auth.mfa.enroll',
  mfaVerify: 'auth.mfa.verify',
  mfaDisable: 'auth.mfa.disable',
  mfaRecoveryCodeUsed: 'auth.mfa.recovery_code_used',
  mfaReplayRejected: 'auth.mfa.replay_rejected',
  mfaRecoveryCodesReset: 'auth.mfa.recovery_codes_reset',
  /** A SuperAdmin turned TOTP off for another user (lost authenticator). */
  mfaReset: 'auth.mfa.reset',
  secretKeyRotated: 'auth.secret_key_rotated',
  /** A 403 decided by auth-mfa rather than by the guard (TOTP enrollment still required). */
  accessDenied: 'access.denied',
  passwordChange: 'auth.password.change',
  passwordChangeFailed: 'auth.password.change_failed',
  policyChange: 'auth.policy.change',
  userCreate: 'user.create',
  userUpdate: 'user.update',
  userPasswordReset: 'user.password_reset',
} as const;
