import { randomUUID } from 'node:crypto';
import { ROLE_NAMES, type NewUser, type RoleName } from '@centinela/core';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { MfaTotpSchema, UserSchema, type User } from './entities';
import { AuthErrors } from './errors';
import { hashPassword } from './passwords/hashing';
import { generateOneTimePassword } from './passwords/one-time';
import { passwordProblem } from './passwords/policy';

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const EMAIL_MAX_LENGTH = 254;

/** Lower-case and trim an email, or throw CEN_ERR_AUTH_EMAIL_INVALID. */
export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > EMAIL_MAX_LENGTH || !EMAIL.test(normalized)) {
    throw AuthErrors.emailInvalid(email.slice(0, 100), {
      field: 'body/email',
      fix: 'Send an address like name@example.com.',
    });
  }
  return normalized;
}

/** Throw CEN_ERR_AUTH_PASSWORD_WEAK naming the reason when a password fails the policy. */
export function assertPasswordAccepted(password: string, email: string, field: string): void {
  const problem = passwordProblem(password, email);
  if (problem !== null) {
    throw AuthErrors.passwordWeak(problem, {
      field,
      fix: 'Use 12 to 128 characters; a passphrase of several unrelated words works well.',
    });
  }
}

export interface CreateUserInput extends NewUser {
  cameraScope?: string[] | null;
  /** Default: true when no password is given (a one-time password is made). */
  mustChangePassword?: boolean;
  externalId?: string | null;
}

export interface CreatedUser {
  user: User;
  /** Set when no password was given; shown once to the creator of the user. */
  oneTimePassword?: string;
}

/**
 * Create a user. A given password must pass the policy; without one, a one-time password is
 * made and must be changed at first login. Throws CEN_ERR_AUTH_EMAIL_TAKEN for a duplicate
 * and CEN_ERR_AUTH_ROLE_INVALID for an unknown role.
 */
export async function createUser(
  em: SqlEntityManager,
  input: CreateUserInput,
  now: Date,
): Promise<CreatedUser> {
  const email = normalizeEmail(input.email);
  // The CLI passes the role as typed; the database constraint would give a less useful error.
  if (!ROLE_NAMES.includes(input.role)) {
    throw AuthErrors.roleInvalid(String(input.role).slice(0, 40), {
      field: 'body/role',
      fix: 'Use SuperAdmin, Admin or ReadOnly.',
    });
  }
  const oneTimePassword = input.password === undefined ? generateOneTimePassword() : undefined;
  if (input.password !== undefined) assertPasswordAccepted(input.password, email, 'body/password');
  const user = em.create(UserSchema, {
    id: randomUUID(),
    email,
    displayName: (input.displayName ?? email.split('@')[0] ?? email).slice(0, 200),
    passwordHash: await hashPassword(input.password ?? (oneTimePassword as string)),
    role: input.role,
    active: true,
    mustChangePassword: input.mustChangePassword ?? oneTimePassword !== undefined,
    cameraScope: input.cameraScope ?? null,
    failedAttempts: 0,
    lockedUntil: null,
    lastLoginAt: null,
    externalId: input.externalId ?? null,
    createdAt: now,
    updatedAt: now,
  });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException)
      throw AuthErrors.emailTaken(email, { field: 'body/email' });
    throw error;
  }
  return oneTimePassword === undefined ? { user } : { user, oneTimePassword };
}

export async function isMfaEnabled(em: SqlEntityManager, userId: string): Promise<boolean> {
  const totp = await em.findOne(MfaTotpSchema, { userId }, { fields: ['userId', 'enabledAt'] });
  return totp?.enabledAt != null;
}

/** A user as the API shows it (snake_case, no hash, no counters). */
export interface UserView {
  id: string;
  email: string;
  display_name: string;
  role: RoleName;
  active: boolean;
  must_change_password: boolean;
  mfa_enabled: boolean;
  camera_scope: string[] | null;
  locked_until: string | null;
  last_login_at: string | null;
  source: 'local' | 'home_assistant';
  created_at: string;
  updated_at: string;
}

export function toUserView(user: User, mfaEnabled: boolean): UserView {
  return {
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    role: user.role,
    active: user.active,
    must_change_password: user.mustChangePassword,
    mfa_enabled: mfaEnabled,
    camera_scope: user.cameraScope,
    locked_until: user.lockedUntil?.toISOString() ?? null,
    last_login_at: user.lastLoginAt?.toISOString() ?? null,
    source: user.externalId === null ? 'local' : 'home_assistant',
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}
