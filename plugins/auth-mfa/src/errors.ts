import { defineError } from '@centinela/core';

/** Errors of the auth-mfa plugin; docs/errors-auth.md lists them. */
export const AuthErrors = {
  invalidCredentials: defineError(
    'CEN_ERR_AUTH_INVALID_CREDENTIALS',
    401,
    'Invalid credentials',
    (lockMinutes: number) =>
      `The email or password is wrong, or the account is locked for ${lockMinutes} minutes after repeated failures.`,
  ),
  mfaRequired: defineError(
    'CEN_ERR_AUTH_MFA_REQUIRED',
    401,
    'Second factor required',
    () => 'This account uses TOTP: send the current 6-digit code or a recovery code in "code".',
  ),
  mfaInvalid: defineError(
    'CEN_ERR_AUTH_MFA_INVALID',
    401,
    'Invalid second factor',
    () => 'The TOTP code or recovery code is wrong, expired or already used.',
  ),
  refreshInvalid: defineError(
    'CEN_ERR_AUTH_REFRESH_INVALID',
    401,
    'Invalid refresh token',
    () => 'The refresh token is missing, expired, revoked or already used; log in again.',
  ),
  csrf: defineError(
    'CEN_ERR_AUTH_CSRF',
    403,
    'CSRF token missing or wrong',
    () =>
      'A request authenticated by cookie must send the centinela_csrf cookie value in X-CSRF-Token.',
  ),
  mfaEnrollmentRequired: defineError(
    'CEN_ERR_AUTH_MFA_ENROLLMENT_REQUIRED',
    403,
    'TOTP enrollment required',
    (role: string) => `Users with the role ${role} must turn on TOTP before doing anything else.`,
  ),
  currentPasswordInvalid: defineError(
    'CEN_ERR_AUTH_CURRENT_PASSWORD_INVALID',
    403,
    'Current password is wrong',
    () => 'The current password is wrong, or the account is locked after repeated failures.',
  ),
  passwordWeak: defineError(
    'CEN_ERR_AUTH_PASSWORD_WEAK',
    400,
    'Password does not meet the policy',
    (reason: string) => `The new password is not accepted: ${reason}.`,
  ),
  passwordUnchanged: defineError(
    'CEN_ERR_AUTH_PASSWORD_UNCHANGED',
    400,
    'Password unchanged',
    () => 'The new password is the same as the current one.',
  ),
  mfaAlreadyEnabled: defineError(
    'CEN_ERR_AUTH_MFA_ALREADY_ENABLED',
    409,
    'TOTP already on',
    () => 'TOTP is already on for this account; turn it off first to enrol a new authenticator.',
  ),
  mfaNotEnrolled: defineError(
    'CEN_ERR_AUTH_MFA_NOT_ENROLLED',
    409,
    'No TOTP enrollment',
    (state: string) => `There is no ${state} TOTP enrollment for this account.`,
  ),
  mfaCodeInvalid: defineError(
    'CEN_ERR_AUTH_MFA_CODE_INVALID',
    422,
    'TOTP code is wrong',
    () =>
      'The code does not match the authenticator being enrolled; check the device clock and try the next code.',
  ),
  emailTaken: defineError(
    'CEN_ERR_AUTH_EMAIL_TAKEN',
    409,
    'Email already in use',
    (email: string) => `A user with the email ${email} already exists.`,
  ),
  emailInvalid: defineError(
    'CEN_ERR_AUTH_EMAIL_INVALID',
    400,
    'Invalid email',
    (email: string) => `"${email}" is not a valid email address.`,
  ),
  roleInvalid: defineError(
    'CEN_ERR_AUTH_ROLE_INVALID',
    400,
    'Invalid role',
    (role: string) => `"${role}" is not a role; use SuperAdmin, Admin or ReadOnly.`,
  ),
};
