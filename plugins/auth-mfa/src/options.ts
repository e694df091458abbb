import type { IngressRoleRule } from '@centinela/core';

/** Source of the current time; tests pass a clock they can move. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export interface LoginRateLimit {
  /** Login requests one IP address may make per window before 429. */
  max: number;
  /** Window length in milliseconds; it doubles for every request made while limited. */
  timeWindowMs: number;
}

export interface AuthMfaOptions {
  clock?: Clock;
  /** Failed logins (wrong password or second factor) that lock an account. */
  maxFailedAttempts?: number;
  /** Minutes an account stays locked after `maxFailedAttempts` failures. */
  lockMinutes?: number;
  accessTokenMinutes?: number;
  /** Absolute lifetime of a login session; refreshing never extends it beyond this. */
  sessionDays?: number;
  loginRateLimit?: LoginRateLimit;
  /** Ingress role rules applied after each site's own; default: CENTINELA_INGRESS_ROLE_MAP from the settings. */
  ingressRoleMap?: IngressRoleRule[];
}

export interface ResolvedAuthMfaOptions {
  clock: Clock;
  maxFailedAttempts: number;
  lockMinutes: number;
  accessTokenMinutes: number;
  sessionDays: number;
  loginRateLimit: LoginRateLimit;
  /** Undefined: taken from the settings (`config.ingressRoleMap`) when the plugin is set up. */
  ingressRoleMap: IngressRoleRule[] | undefined;
}

export function resolveOptions(options: AuthMfaOptions = {}): ResolvedAuthMfaOptions {
  return {
    clock: options.clock ?? systemClock,
    maxFailedAttempts: options.maxFailedAttempts ?? 5,
    lockMinutes: options.lockMinutes ?? 15,
    accessTokenMinutes: options.accessTokenMinutes ?? 15,
    sessionDays: options.sessionDays ?? 30,
    loginRateLimit: options.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 },
    ingressRoleMap: options.ingressRoleMap,
  };
}
