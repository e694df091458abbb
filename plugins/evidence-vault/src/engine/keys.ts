import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from './canonical-json';
import { EvidenceError, isNodeError } from './errors';
import { syncDirectory } from './file-writer';

export const PRIVATE_KEY_FILE = 'evidence-ed25519.pem';
export const PUBLIC_KEY_FILE = 'evidence-ed25519.pub.pem';

/** Signs bytes with Ed25519. A hardware or KMS-backed key can implement the same interface. */
export interface EvidenceSigner {
  /** First 16 hex characters of the SHA-256 of the public key's DER (SPKI) encoding. */
  readonly keyId: string;
  /** Public key as SPKI PEM. */
  readonly publicKeyPem: string;
  /** Returns the 64-byte Ed25519 signature of `data`. */
  sign(data: Uint8Array): Buffer;
}

export interface EvidenceKeyPair extends EvidenceSigner {
  readonly publicKey: KeyObject;
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

/** Computes the key id of an Ed25519 public key given as a KeyObject or a PEM string. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return sha256Hex(der).slice(0, 16);
}

/** Parses an Ed25519 public key from PEM; rejects other key types. */
export function parsePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw keyError('The public key is not a valid PEM public key.', error);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw keyError(`The public key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519.`);
  }
  return key;
}

export function verifyEd25519(
  data: Uint8Array,
  signature: Uint8Array,
  publicKey: KeyObject,
): boolean {
  return verify(null, data, publicKey, signature);
}

/**
 * Loads the site's evidence signing key from `<dataDir>/keys/`, creating an Ed25519 pair on
 * first use. The private key is written with mode 0600 and the public key beside it.
 * Concurrent first calls from several processes end up with the same key.
 */
export async function loadOrCreateEvidenceKey(dataDir: string): Promise<EvidenceKeyPair> {
  const keysDir = join(dataDir, 'keys');
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const privateKeyPath = join(keysDir, PRIVATE_KEY_FILE);
  const publicKeyPath = join(keysDir, PUBLIC_KEY_FILE);

  const privatePem = (await readIfPresent(privateKeyPath)) ?? (await createKeyFile(privateKeyPath));
  await restrictMode(privateKeyPath);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privatePem);
  } catch (error) {
    throw keyError(`${privateKeyPath} is not a valid PEM private key.`, error);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw keyError(
      `${privateKeyPath} contains a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519.`,
    );
  }

  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  if ((await readIfPresent(publicKeyPath)) !== publicKeyPem) {
    await writeReplacing(publicKeyPath, publicKeyPem, 0o644);
  }
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKeyPem,
    publicKey,
    privateKeyPath,
    publicKeyPath,
    sign: (data) => sign(null, data, privateKey),
  };
}

async function createKeyFile(privateKeyPath: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tempPath = `${privateKeyPath}.tmp-${randomBytes(8).toString('hex')}`;
  await writeDurably(tempPath, pem, 0o600);
  try {
    // link() fails when another process created the key first; that key is then used.
    await link(tempPath, privateKeyPath);
  } catch (error) {
    if (!isNodeError(error, 'EEXIST')) throw error;
    return readFile(privateKeyPath, 'utf8');
  } finally {
    await unlink(tempPath).catch(() => undefined);
  }
  await syncDirectory(join(privateKeyPath, '..'));
  return pem;
}

async function writeReplacing(path: string, text: string, mode: number): Promise<void> {
  const tempPath = `${path}.tmp-${randomBytes(8).toString('hex')}`;
  await writeDurably(tempPath, text, mode);
  await rename(tempPath, path);
}

async function writeDurably(path: string, text: string, mode: number): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function restrictMode(path: string): Promise<void> {
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) await chmod(path, 0o600);
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function keyError(message: string, cause?: unknown): EvidenceError {
  return new EvidenceError('CEN_ERR_EVIDENCE_KEY_INVALID', 500, 'Invalid evidence key', message, {
    fix: 'Restore the site key from a backup, or pass the PEM file of an Ed25519 key.',
    cause,
  });
}
