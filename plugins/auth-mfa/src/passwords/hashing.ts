import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/**
 * Argon2id parameters: the OWASP Password Storage Cheat Sheet row m=19456 KiB, t=2, p=1,
 * which fits a Raspberry Pi running several logins at once.
 */
export const ARGON2_POLICY = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...ARGON2_POLICY });
}

/** Verify a password; a malformed stored hash counts as a mismatch instead of throwing. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with weaker or other parameters than the current policy. */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, ARGON2_POLICY) || !hash.startsWith('$argon2id$');
  } catch {
    return true;
  }
}

/**
 * A hash of a random password, verified against when the account does not exist, is
 * inactive or locked, so that those answers take as long as a wrong password.
 */
export class DummyHash {
  private hash: Promise<string> | null = null;

  get(): Promise<string> {
    this.hash ??= hashPassword(randomBytes(24).toString('base64url'));
    return this.hash;
  }

  /** Spend the time of one verification; always false. */
  async burn(password: string): Promise<false> {
    await verifyPassword(await this.get(), password);
    return false;
  }
}
