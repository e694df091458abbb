import { readFileSync } from 'node:fs';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line.length > 0),
);

/**
 * Check a new password against the policy (OWASP ASVS 4.0.3 section 2.1): 12 to 128
 * characters counted as Unicode code points, any characters allowed, no composition rules,
 * not a known common password, and not containing the local part of the account's email.
 * Returns the reason for rejection, or null when the password is accepted.
 */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return `it must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `it must have at most ${PASSWORD_MAX_LENGTH} characters`;
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'it is on the list of common passwords';
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  // Very short local parts ("a@x.org") would reject too many unrelated passwords.
  if (localPart.length >= 3 && lowered.includes(localPart)) return 'it contains the email address';
  return null;
}
