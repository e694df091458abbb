import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { AuthContext } from '../context';
import { MfaTotpSchema, type MfaTotp } from '../entities';

export const TOTP_ISSUER = 'Centinela';
/** Accept the previous and the next 30-second step besides the current one (clock drift). */
const EPOCH_TOLERANCE_SECONDS = 30;
const TOTP_PATTERN = /^\d{6}$/;

export interface TotpEnrollment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
  qrDataUrl: string;
}

/** A new secret (20 random bytes, base32), its otpauth URI and the URI as a QR code. */
export async function newEnrollment(email: string): Promise<TotpEnrollment> {
  const secret = generateSecret();
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: email, secret });
  const [qrSvg, qrDataUrl] = await Promise.all([
    QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }),
  ]);
  return { secret, otpauthUri, qrSvg, qrDataUrl };
}

export type CodeCheck =
  { outcome: 'valid'; timeStep: number } | { outcome: 'invalid' } | { outcome: 'replay' };

/**
 * Check a TOTP code (RFC 6238, SHA-1, 6 digits, 30 s). otplib 13 resolves to an object, so
 * `.valid` is read, never the object itself. A code of a step at or before the last accepted
 * one is a replay.
 */
export async function checkCode(
  context: AuthContext,
  row: MfaTotp,
  code: string,
): Promise<CodeCheck> {
  if (!TOTP_PATTERN.test(code)) return { outcome: 'invalid' };
  const secret = context.secretBox.open(
    { keyId: row.keyId, ciphertext: row.secretCiphertext },
    row.userId,
  );
  const epoch = Math.floor(context.now().getTime() / 1000);
  const base = { secret, token: code, epoch, epochTolerance: EPOCH_TOLERANCE_SECONDS };
  const afterTimeStep = row.lastUsedStep ?? undefined;
  const result = await safeVerify(afterTimeStep === undefined ? base : { ...base, afterTimeStep });
  if (result !== null) return { outcome: 'valid', timeStep: result };
  if (afterTimeStep === undefined) return { outcome: 'invalid' };
  // Classify the failure only for the audit log: the same code without the replay bound.
  return (await safeVerify(base)) === null ? { outcome: 'invalid' } : { outcome: 'replay' };
}

/** The time step of a valid code, or null; otplib errors (bad input) count as invalid. */
async function safeVerify(options: Parameters<typeof verify>[0]): Promise<number | null> {
  try {
    const result = await verify(options);
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/**
 * Record the step of an accepted code. The UPDATE only succeeds when the step is newer than
 * the stored one, so of two parallel requests with one code only the first wins.
 */
export async function claimTimeStep(
  context: AuthContext,
  userId: string,
  timeStep: number,
): Promise<boolean> {
  const claimed = await context
    .em()
    .nativeUpdate(
      MfaTotpSchema,
      { userId, $or: [{ lastUsedStep: null }, { lastUsedStep: { $lt: timeStep } }] },
      { lastUsedStep: timeStep },
    );
  return claimed === 1;
}
