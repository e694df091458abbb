import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedSecret {
  keyId: string;
  /** `v1.<iv>.<ciphertext>.<tag>`, base64url parts. */
  ciphertext: string;
}

/**
 * AES-256-GCM for secrets at rest (TOTP seeds). The key is derived with HKDF-SHA256 from
 * CENTINELA_SECRET_KEY (base64, 32 bytes), so the same master key never encrypts and signs.
 * Each sealed value records the id of its key (the first 16 hex digits of SHA-256 over the
 * derived key), which lets a key rotation find what still uses the old key. The owner's id
 * is bound as associated data, so a ciphertext copied to another user's row fails to open.
 */
export class SecretBox {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(secretKeyBase64: string) {
    this.key = deriveKey(secretKeyBase64);
    this.keyId = createHash('sha256').update(this.key).digest('hex').slice(0, 16);
  }

  seal(plaintext: string, owner: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [
      VERSION,
      iv.toString('base64url'),
      encrypted.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ];
    return { keyId: this.keyId, ciphertext: parts.join('.') };
  }

  /** Throws when the value was sealed under another key, for another owner, or was changed. */
  open(sealed: SealedSecret, owner: string): string {
    if (sealed.keyId !== this.keyId) {
      throw new Error(
        `Secret was encrypted under key id ${sealed.keyId}, but the configured key has id ${this.keyId}; run the secret key rotation.`,
      );
    }
    const [version, iv, encrypted, tag] = sealed.ciphertext.split('.');
    if (version !== VERSION || iv === undefined || encrypted === undefined || tag === undefined) {
      throw new Error('Sealed secret has an unknown format.');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(encrypted, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}

function deriveKey(secretKeyBase64: string): Buffer {
  const master = Buffer.from(secretKeyBase64, 'base64');
  if (master.length !== 32) {
    throw new Error(
      `CENTINELA_SECRET_KEY must be 32 bytes in base64 (got ${master.length} bytes).`,
    );
  }
  return Buffer.from(
    hkdfSync('sha256', master, Buffer.alloc(0), 'centinela secrets at rest v1', 32),
  );
}
