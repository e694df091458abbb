import type { KeyObject } from 'node:crypto';
import { canonicalBytes } from './canonical-json';
import { invalidInput } from './errors';
import { parsePublicKey, verifyEd25519, type EvidenceSigner } from './keys';
import {
  SIGNATURE_ALGORITHM,
  type EvidenceManifest,
  type SignatureBlock,
  type UnsignedManifest,
} from './manifest-types';

/**
 * Returns the part of a manifest that its signature covers: every member except `signature`,
 * with `custody` cut to its first entry (the export). Entries appended later carry their own
 * signatures, so appending never changes these bytes.
 */
export function manifestSignedBody(
  manifest: UnsignedManifest | EvidenceManifest,
): UnsignedManifest {
  const body: Record<string, unknown> = { ...manifest };
  delete body.signature;
  body.custody = Array.isArray(manifest.custody) ? manifest.custody.slice(0, 1) : manifest.custody;
  return body as unknown as UnsignedManifest;
}

/** RFC 8785 canonical bytes of `manifestSignedBody(manifest)`: what manifest_<id>.signed.json holds. */
export function manifestSignedBytes(manifest: UnsignedManifest | EvidenceManifest): Buffer {
  return canonicalBytes(manifestSignedBody(manifest));
}

/** Signs `data` and returns the signature block stored in manifests and custody entries. */
export function signatureBlock(data: Uint8Array, signer: EvidenceSigner): SignatureBlock {
  return {
    algorithm: SIGNATURE_ALGORITHM,
    value: signer.sign(data).toString('base64'),
    key_id: signer.keyId,
  };
}

/**
 * Signs a manifest whose custody holds only the export entry, and returns a copy with
 * `signature` set.
 */
export function signManifest(manifest: UnsignedManifest, signer: EvidenceSigner): EvidenceManifest {
  if (manifest.custody.length !== 1 || manifest.custody[0]?.action !== 'export') {
    throw invalidInput(
      'custody',
      'A manifest is signed with exactly one custody entry, the export.',
      'Sign the manifest returned by buildManifest before appending custody entries.',
    );
  }
  const body = manifestSignedBody(manifest);
  return { ...body, signature: signatureBlock(canonicalBytes(body), signer) };
}

/**
 * Decodes a base64 signature value. Returns undefined unless it is canonical base64 of exactly
 * 64 bytes, so two different strings never count as the same signature.
 */
export function decodeSignature(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== value) return undefined;
  return bytes;
}

/** Checks a signature block over `data` with `publicKey`. */
export function verifySignatureBlock(
  data: Uint8Array,
  block: SignatureBlock | null | undefined,
  publicKey: KeyObject,
): boolean {
  if (block === null || block === undefined || block.algorithm !== SIGNATURE_ALGORITHM)
    return false;
  const signature = decodeSignature(block.value);
  return signature !== undefined && verifyEd25519(data, signature, publicKey);
}

/**
 * Verifies the manifest signature against a public key (PEM or KeyObject). Only the
 * cryptographic check: `key_id` is not covered by the signature and is compared separately by
 * verifyManifestFile.
 */
export function verifyManifest(manifest: EvidenceManifest, publicKey: string | KeyObject): boolean {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  return verifySignatureBlock(manifestSignedBytes(manifest), manifest.signature, key);
}
