import { createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalBytes, sha256Hex, type JsonValue } from './canonical-json';
import { invalidInput, invalidManifest } from './errors';
import { keyIdOf, parsePublicKey, type EvidenceSigner } from './keys';
import {
  SIGNATURE_ALGORITHM,
  type CustodyEntry,
  type EvidenceActor,
  type EvidenceManifest,
} from './manifest-types';
import { decodeSignature, signatureBlock, verifyManifest, verifySignatureBlock } from './signing';

export interface CustodyEntryInput {
  action: 'download' | 'verify';
  actor: EvidenceActor;
  at: Date;
  /** Client IP address, or null for a local command. */
  address: string | null;
  details?: { [key: string]: JsonValue };
}

export interface CustodyCheck {
  valid: boolean;
  /** Position-based seq (index + 1) of the first entry that fails. */
  firstBrokenSeq?: number;
  problem?: string;
}

export interface ManifestVerification {
  /** key_id stored in the manifest signature. */
  keyId: string;
  /** key_id of the public key used for the check. */
  publicKeyId: string;
  keyIdMatches: boolean;
  signatureValid: boolean;
  custodyValid: boolean;
  firstBrokenCustodySeq?: number;
  custodyProblem?: string;
}

/** Returns what custody entry number `index` (0-based, at least 1) must carry as `prev_hash`. */
export function expectedPrevHash(manifest: EvidenceManifest, index: number): string {
  if (index === 1) {
    return sha256Hex(decodeSignature(manifest.signature.value) ?? Buffer.alloc(0));
  }
  return sha256Hex(canonicalBytes(manifest.custody[index - 1]));
}

/** Bytes an appended custody entry's signature covers: the entry without `signature`. */
export function custodySignedBytes(entry: CustodyEntry): Buffer {
  const body: Record<string, unknown> = { ...entry };
  delete body.signature;
  return canonicalBytes(body);
}

/**
 * Returns a copy of `manifest` with a signed custody entry appended. The signer must hold the
 * key that signed the manifest, and the existing chain must verify with it.
 */
// NOTE: two concurrent appends to the same manifest both build seq N and the later write wins.
// Callers serialize appends per export (for example with a row lock on the export).
export function appendCustody(
  manifest: EvidenceManifest,
  input: CustodyEntryInput,
  signer: EvidenceSigner,
): EvidenceManifest {
  if (signer.keyId !== manifest.signature.key_id) {
    throw invalidInput(
      'signer',
      `The manifest was signed with key ${manifest.signature.key_id}, not ${signer.keyId}.`,
      'Append custody entries with the key that signed the export.',
    );
  }
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) {
    throw invalidInput('at', 'The custody time is not a valid Date.', 'Pass a valid Date.');
  }
  const check = verifyManifestFile(manifest, createPublicKey(signer.publicKeyPem));
  if (!check.signatureValid || !check.custodyValid) {
    throw invalidManifest(
      'custody',
      `Refusing to extend manifest ${manifest.export_id}: ${check.custodyProblem ?? 'its signature is invalid'}.`,
    );
  }
  const unsigned: CustodyEntry = {
    seq: manifest.custody.length + 1,
    action: input.action,
    actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
    at: input.at.toISOString(),
    address: input.address,
    ...(input.details === undefined ? {} : { details: input.details }),
    prev_hash: expectedPrevHash(manifest, manifest.custody.length),
    signature: null,
  };
  const entry = { ...unsigned, signature: signatureBlock(custodySignedBytes(unsigned), signer) };
  return { ...manifest, custody: [...manifest.custody, entry] };
}

/**
 * Checks the custody chain: sequence numbers, the export entry, every `prev_hash` link and,
 * when `publicKey` is given, every entry signature. With `publicKey` null only the links and
 * structure are checked, which proves nothing against someone able to recompute hashes.
 */
export function checkCustodyChain(
  manifest: EvidenceManifest,
  publicKey: KeyObject | null,
): CustodyCheck {
  const custody = manifest.custody;
  if (custody.length === 0) return broken(1, 'the custody list is empty');
  const first = custody[0]!;
  if (first.seq !== 1 || first.action !== 'export') {
    return broken(1, 'the first custody entry is not the export (seq 1)');
  }
  if (first.prev_hash !== null || first.signature !== null) {
    return broken(1, 'the export entry must have null prev_hash and signature');
  }
  for (let index = 1; index < custody.length; index += 1) {
    const entry = custody[index]!;
    const seq = index + 1;
    if (entry.seq !== seq) return broken(seq, `entry ${seq} has seq ${entry.seq}`);
    if (entry.action !== 'download' && entry.action !== 'verify') {
      return broken(seq, `entry ${seq} has action ${JSON.stringify(entry.action)}`);
    }
    if (entry.prev_hash !== expectedPrevHash(manifest, index)) {
      return broken(seq, `entry ${seq} does not link to the entry before it (prev_hash differs)`);
    }
    const signature = entry.signature;
    if (signature === null || signature.algorithm !== SIGNATURE_ALGORITHM) {
      return broken(seq, `entry ${seq} has no Ed25519 signature`);
    }
    if (signature.key_id !== manifest.signature.key_id) {
      return broken(
        seq,
        `entry ${seq} is signed with key ${signature.key_id}, not the manifest key`,
      );
    }
    if (
      publicKey !== null &&
      !verifySignatureBlock(custodySignedBytes(entry), signature, publicKey)
    ) {
      return broken(seq, `the signature of entry ${seq} is invalid`);
    }
  }
  return { valid: true };
}

/** Verifies the manifest signature and the custody chain with the site's public key. */
export function verifyManifestFile(
  manifest: EvidenceManifest,
  publicKey: string | KeyObject,
): ManifestVerification {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  const publicKeyId = keyIdOf(key);
  const custody = checkCustodyChain(manifest, key);
  return {
    keyId: manifest.signature.key_id,
    publicKeyId,
    keyIdMatches: publicKeyId === manifest.signature.key_id,
    signatureValid: verifyManifest(manifest, key),
    custodyValid: custody.valid,
    ...(custody.firstBrokenSeq === undefined
      ? {}
      : { firstBrokenCustodySeq: custody.firstBrokenSeq }),
    ...(custody.problem === undefined ? {} : { custodyProblem: custody.problem }),
  };
}

function broken(seq: number, problem: string): CustodyCheck {
  return { valid: false, firstBrokenSeq: seq, problem };
}
