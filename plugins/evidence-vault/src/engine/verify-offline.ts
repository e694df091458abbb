import { createHash, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { checkCustodyChain, verifyManifestFile } from './custody';
import { EvidenceError, isNodeError } from './errors';
import { keyIdOf, parsePublicKey } from './keys';
import { parseManifest } from './manifest-parse';
import type { CustodyAction, EvidenceManifest } from './manifest-types';
import { formatVerificationReport } from './verify-report';

/** Name of the site public key that `verifyEvidence` looks for beside the manifest. */
export const PUBLIC_KEY_FILE_NAME = 'evidence-public-key.pem';

export interface VerifyEvidenceOptions {
  filePath: string;
  manifestPath: string;
  /** PEM of the site's Ed25519 public key. Without it, `evidence-public-key.pem` beside the manifest is used if present. */
  publicKeyPath?: string;
}

/**
 * `verified`: hash, signature and custody all check out with a public key.
 * `failed`: something does not match. `unverified`: nothing failed, but no public key was
 * available, so the signature was not checked.
 */
export type EvidenceVerdict = 'verified' | 'failed' | 'unverified';
export type SignatureStatus = 'valid' | 'invalid' | 'wrong-key' | 'not-checked';
export type CustodyStatus = 'valid' | 'broken' | 'links-only' | 'not-checked';

export interface CustodySummary {
  seq: number;
  action: CustodyAction;
  at: string;
  actorEmail: string;
  address: string | null;
}

export interface EvidenceVerificationResult {
  verdict: EvidenceVerdict;
  filePath: string;
  manifestPath: string;
  /** Set when the manifest could not be read as a manifest; nothing else was checked then. */
  manifestError?: string;
  exportId: string | null;
  file: {
    actualSha256: string;
    actualSize: number;
    expectedSha256: string | null;
    expectedSize: number | null;
    expectedName: string | null;
    hashMatches: boolean;
    sizeMatches: boolean;
    /** The file name differs from `file.name` in the manifest; reported, not a failure. */
    nameMatches: boolean;
  };
  signature: {
    status: SignatureStatus;
    /** key_id stored in the manifest. */
    keyId: string | null;
    publicKeyPath: string | null;
    publicKeySource: 'argument' | 'beside-manifest' | null;
    publicKeyId: string | null;
  };
  custody: {
    status: CustodyStatus;
    entries: CustodySummary[];
    firstBrokenSeq?: number;
    problem?: string;
  };
  /** Plain-English report for a terminal or a printout. */
  report: string;
}

/**
 * Verifies an exported file against its manifest without any Centinela server: recomputes the
 * SHA-256, checks the manifest signature and the custody chain. Throws EvidenceError when a
 * file cannot be read or the public key is not an Ed25519 PEM; a manifest that is not valid
 * JSON or lacks members returns a `failed` result.
 */
export async function verifyEvidence(
  options: VerifyEvidenceOptions,
): Promise<EvidenceVerificationResult> {
  const { filePath, manifestPath } = options;
  const actual = await hashFile(filePath);
  const manifestText = await readInput(manifestPath, 'manifest');
  const key = await loadPublicKey(options);

  let manifest: EvidenceManifest;
  try {
    manifest = parseManifest(manifestText);
  } catch (error) {
    if (!(error instanceof EvidenceError)) throw error;
    return withReport({
      verdict: 'failed',
      filePath,
      manifestPath,
      manifestError: error.message,
      exportId: null,
      file: {
        ...actual,
        expectedSha256: null,
        expectedSize: null,
        expectedName: null,
        hashMatches: false,
        sizeMatches: false,
        nameMatches: false,
      },
      signature: { status: 'not-checked', keyId: null, ...key.info },
      custody: { status: 'not-checked', entries: [] },
    });
  }

  const file = {
    ...actual,
    expectedSha256: manifest.file.sha256,
    expectedSize: manifest.file.size,
    expectedName: manifest.file.name,
    hashMatches: actual.actualSha256 === manifest.file.sha256,
    sizeMatches: actual.actualSize === manifest.file.size,
    nameMatches: basename(filePath) === manifest.file.name,
  };
  const checks = checkSignatureAndCustody(manifest, key.publicKey);
  const fileOk = file.hashMatches && file.sizeMatches;
  const failed =
    !fileOk ||
    checks.signature === 'invalid' ||
    checks.signature === 'wrong-key' ||
    checks.custody.status === 'broken';
  let verdict: EvidenceVerdict = 'unverified';
  if (failed) verdict = 'failed';
  else if (checks.signature === 'valid') verdict = 'verified';
  return withReport({
    verdict,
    filePath,
    manifestPath,
    exportId: manifest.export_id,
    file,
    signature: { status: checks.signature, keyId: manifest.signature.key_id, ...key.info },
    custody: { ...checks.custody, entries: manifest.custody.map(summarize) },
  });
}

function checkSignatureAndCustody(manifest: EvidenceManifest, publicKey: KeyObject | null) {
  if (publicKey === null) {
    const links = checkCustodyChain(manifest, null);
    return {
      signature: 'not-checked' as const,
      custody: links.valid
        ? { status: 'links-only' as const }
        : {
            status: 'broken' as const,
            firstBrokenSeq: links.firstBrokenSeq,
            problem: links.problem,
          },
    };
  }
  const verification = verifyManifestFile(manifest, publicKey);
  let signature: SignatureStatus = verification.signatureValid ? 'valid' : 'invalid';
  if (!verification.keyIdMatches) signature = 'wrong-key';
  return {
    signature,
    custody: verification.custodyValid
      ? { status: 'valid' as const }
      : {
          status: 'broken' as const,
          firstBrokenSeq: verification.firstBrokenCustodySeq,
          problem: verification.custodyProblem,
        },
  };
}

function withReport(
  result: Omit<EvidenceVerificationResult, 'report'>,
): EvidenceVerificationResult {
  return { ...result, report: formatVerificationReport(result) };
}

function summarize(entry: EvidenceManifest['custody'][number]): CustodySummary {
  return {
    seq: entry.seq,
    action: entry.action,
    at: entry.at,
    actorEmail: typeof entry.actor?.email === 'string' ? entry.actor.email : '?',
    address: entry.address ?? null,
  };
}

async function loadPublicKey(options: VerifyEvidenceOptions) {
  let path: string | null = options.publicKeyPath ?? null;
  let source: 'argument' | 'beside-manifest' | null = path === null ? null : 'argument';
  if (path === null) {
    const beside = join(dirname(options.manifestPath), PUBLIC_KEY_FILE_NAME);
    if (await isReadable(beside)) {
      path = beside;
      source = 'beside-manifest';
    }
  }
  if (path === null) {
    return {
      publicKey: null,
      info: { publicKeyPath: null, publicKeySource: null, publicKeyId: null },
    };
  }
  const publicKey = parsePublicKey(await readInput(path, 'public key'));
  return {
    publicKey,
    info: { publicKeyPath: path, publicKeySource: source, publicKeyId: keyIdOf(publicKey) },
  };
}

async function hashFile(path: string): Promise<{ actualSha256: string; actualSize: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (error) {
    throw unreadable(path, 'file', error);
  }
  return { actualSha256: hash.digest('hex'), actualSize: size };
}

async function readInput(path: string, kind: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, kind, error);
  }
}

async function isReadable(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if (isNodeError(error, 'ENOENT')) return false;
    throw error;
  }
}

function unreadable(path: string, kind: string, cause: unknown): EvidenceError {
  const reason = isNodeError(cause, 'ENOENT') ? 'does not exist' : 'cannot be read';
  return new EvidenceError(
    'CEN_ERR_EVIDENCE_INPUT_INVALID',
    400,
    'Evidence input not readable',
    `The ${kind} ${path} ${reason}.`,
    { field: kind, fix: `Check the path of the ${kind}.`, cause },
  );
}
