import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { RecoveryCodeSchema } from '../entities';
import { safeEqual } from '../tokens/token-hash';

export const RECOVERY_CODE_COUNT = 10;
// 31 symbols without 0/o, 1/l/i: about 39.6 bits per 8-character code.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_PATTERN = /^[a-z2-9]{4}-?[a-z2-9]{4}$/i;

function generateCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function normalize(code: string): string {
  return code.trim().toLowerCase().replace('-', '');
}

/**
 * Codes have less than 112 bits of entropy, so each is stored as SHA-256 over a random
 * 128-bit salt and the code (OWASP ASVS 4.0.3 item 2.6.2); the account lockout limits guessing.
 */
function hashCode(code: string): string {
  const salt = randomBytes(16).toString('hex');
  return `${salt}$${digest(salt, normalize(code))}`;
}

function digest(salt: string, normalizedCode: string): string {
  return createHash('sha256').update(`${salt}:${normalizedCode}`).digest('hex');
}

function matches(stored: string, code: string): boolean {
  const [salt, hash] = stored.split('$');
  if (salt === undefined || hash === undefined) return false;
  return safeEqual(digest(salt, normalize(code)), hash);
}

/** Replace a user's recovery codes with ten new ones; returns them in clear, once. */
export async function replaceRecoveryCodes(
  em: SqlEntityManager,
  userId: string,
  now: Date,
): Promise<string[]> {
  await em.nativeDelete(RecoveryCodeSchema, { userId });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateCode);
  for (const code of codes) {
    em.create(RecoveryCodeSchema, {
      id: randomUUID(),
      userId,
      codeHash: hashCode(code),
      createdAt: now,
      usedAt: null,
    });
  }
  await em.flush();
  return codes;
}

/**
 * Use up a recovery code. The conditional UPDATE makes two parallel logins with the same
 * code succeed at most once. Returns how many unused codes remain, or null when none matched.
 */
export async function consumeRecoveryCode(
  em: SqlEntityManager,
  userId: string,
  code: string,
  now: Date,
): Promise<number | null> {
  if (!RECOVERY_CODE_PATTERN.test(code.trim())) return null;
  const unused = await em.find(RecoveryCodeSchema, { userId, usedAt: null });
  const match = unused.find((row) => matches(row.codeHash, code));
  if (match === undefined) return null;
  const claimed = await em.nativeUpdate(
    RecoveryCodeSchema,
    { id: match.id, usedAt: null },
    { usedAt: now },
  );
  return claimed === 1 ? unused.length - 1 : null;
}
