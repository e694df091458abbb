import { LockMode, type MikroORM } from '@mikro-orm/core';
import { MfaTotpSchema } from './entities';
import { SecretBox } from './secret-box';

export interface RotationResult {
  /** Secrets re-encrypted under the new key. */
  rotated: number;
  /** Secrets that were already under the new key (a rerun after an interruption). */
  unchanged: number;
}

/**
 * Re-encrypt every TOTP secret from `oldKey` to `newKey` (both base64 of 32 bytes) in one
 * transaction, so a failure leaves every secret under the old key. Run it while the server is
 * stopped, then start the server with CENTINELA_SECRET_KEY set to the new key. A secret under
 * neither key stops the rotation with an error naming its user.
 */
export async function rotateSecretKey(
  orm: MikroORM,
  oldKey: string,
  newKey: string,
): Promise<RotationResult> {
  const from = new SecretBox(oldKey);
  const to = new SecretBox(newKey);
  if (from.keyId === to.keyId)
    return { rotated: 0, unchanged: await orm.em.fork().count(MfaTotpSchema, {}) };

  return orm.em.fork().transactional(async (em) => {
    const rows = await em.find(
      MfaTotpSchema,
      {},
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { userId: 'asc' } },
    );
    let rotated = 0;
    let unchanged = 0;
    for (const row of rows) {
      if (row.keyId === to.keyId) {
        unchanged += 1;
        continue;
      }
      if (row.keyId !== from.keyId) {
        throw new Error(
          `The TOTP secret of user ${row.userId} uses key id ${row.keyId}, which is neither the old nor the new key.`,
        );
      }
      const sealed = to.seal(
        from.open({ keyId: row.keyId, ciphertext: row.secretCiphertext }, row.userId),
        row.userId,
      );
      row.keyId = sealed.keyId;
      row.secretCiphertext = sealed.ciphertext;
      rotated += 1;
    }
    await em.flush();
    return { rotated, unchanged };
  });
}
