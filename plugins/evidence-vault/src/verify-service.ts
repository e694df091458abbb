import { createHash } from 'node:crypto';
import type { EvidenceContext } from './context';
import { appendCustodyEntry, type CustodyCaller } from './custody-service';
import type { EvidenceExport } from './db/entities';
import {
  readManifestFile,
  VaultNotFoundError,
  verifyManifestFile,
  type EvidenceManifest,
  type VaultStorage,
} from './engine';
import { toProblemError } from './errors';

export interface VerificationResult {
  match: boolean;
  sha256_expected: string;
  /** Null when the file is missing from the vault. */
  sha256_actual: string | null;
  size_expected: number;
  size_actual: number | null;
  signature_valid: boolean;
  custody_valid: boolean;
  /** key_id in the manifest, and whether it is the site's current key. */
  key_id: string | null;
  key_id_matches: boolean;
  /** Set when the manifest cannot be read or the chain is broken. */
  problem: string | null;
  /** Whether a `verify` custody entry was appended; only a valid chain is extended. */
  custody_recorded: boolean;
  custody_entries: number;
}

/**
 * Re-hashes the stored file, checks the manifest signature and custody chain with the site
 * key, and, when both are valid, appends a signed `verify` custody entry. The result shows
 * the state found before the entry was appended.
 */
export async function verifyExport(
  context: EvidenceContext,
  caller: CustodyCaller,
  record: EvidenceExport,
): Promise<VerificationResult> {
  const storage = context.vault.storageFor(caller.siteId);
  const actual = await hashFile(storage, record.relativePath);
  const match = actual !== null && actual.sha256 === record.sha256 && actual.size === record.size;

  const checked = await checkManifest(context, storage, record);
  const result: VerificationResult = {
    match,
    sha256_expected: record.sha256,
    sha256_actual: actual?.sha256 ?? null,
    size_expected: record.size,
    size_actual: actual?.size ?? null,
    signature_valid: checked.signatureValid,
    custody_valid: checked.custodyValid,
    key_id: checked.manifest?.signature.key_id ?? null,
    key_id_matches: checked.keyIdMatches,
    problem: checked.problem,
    custody_recorded: false,
    custody_entries: checked.manifest?.custody.length ?? 0,
  };
  if (!checked.signatureValid || !checked.custodyValid) return result;

  const updated = await appendCustodyEntry(context, caller, record.id, {
    action: 'verify',
    details: { match, sha256_actual: actual?.sha256 ?? null },
  });
  return { ...result, custody_recorded: true, custody_entries: updated.custody.length };
}

interface ManifestCheck {
  manifest: EvidenceManifest | null;
  signatureValid: boolean;
  custodyValid: boolean;
  keyIdMatches: boolean;
  problem: string | null;
}

async function checkManifest(
  context: EvidenceContext,
  storage: VaultStorage,
  record: EvidenceExport,
): Promise<ManifestCheck> {
  let manifest: EvidenceManifest;
  try {
    manifest = await readManifestFile(storage, record.exportDate, record.id);
  } catch (error) {
    const problem = toProblemError(error);
    if (problem === error) throw error;
    return {
      manifest: null,
      signatureValid: false,
      custodyValid: false,
      keyIdMatches: false,
      problem: (problem as Error).message,
    };
  }
  const check = verifyManifestFile(manifest, context.vault.key.publicKey);
  const signatureValid = check.signatureValid && check.keyIdMatches;
  let problem: string | null = check.custodyProblem ?? null;
  if (!check.keyIdMatches) {
    problem = `the manifest names key ${check.keyId}, the site key is ${check.publicKeyId}`;
  } else if (!check.signatureValid) {
    problem = 'the manifest signature does not match its content';
  }
  return {
    manifest,
    signatureValid,
    custodyValid: check.custodyValid,
    keyIdMatches: check.keyIdMatches,
    problem,
  };
}

/** Returns the SHA-256 and size of a vault file, or null when the file is missing. */
async function hashFile(
  storage: VaultStorage,
  relativePath: string,
): Promise<{ sha256: string; size: number } | null> {
  let stream;
  try {
    stream = await storage.read(relativePath);
  } catch (error) {
    if (error instanceof VaultNotFoundError) return null;
    throw toProblemError(error);
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest('hex'), size };
}
