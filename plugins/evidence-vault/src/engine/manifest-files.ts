import { appendCustody, type CustodyEntryInput } from './custody';
import { invalidInput, invalidManifest } from './errors';
import type { EvidenceSigner } from './keys';
import { parseManifest } from './manifest-parse';
import type { EvidenceManifest } from './manifest-types';
import { exportDayDir, isValidDate } from './paths';
import { decodeSignature, manifestSignedBytes } from './signing';
import type { VaultStorage } from './storage';
import { readBytes, writeBytes } from './vault-io';

export interface ManifestFilePaths {
  /** `manifest_<id>.json`: the manifest with its custody chain, pretty-printed. */
  manifest: string;
  /** `manifest_<id>.signed.json`: the exact RFC 8785 bytes the manifest signature covers. */
  signedJson: string;
  /** `manifest_<id>.sig`: the raw 64-byte Ed25519 signature. */
  signature: string;
}

/** Returns the vault paths of an export's manifest files in `exports/<date>/`. */
export function manifestFilePaths(date: string, exportId: string): ManifestFilePaths {
  if (!isValidDate(date)) {
    throw invalidInput('date', `Invalid export date ${JSON.stringify(date)}.`, 'Use YYYY-MM-DD.');
  }
  const base = `${exportDayDir(date)}/manifest_${exportId}`;
  return { manifest: `${base}.json`, signedJson: `${base}.signed.json`, signature: `${base}.sig` };
}

export function serializeManifest(manifest: EvidenceManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export interface WriteManifestFilesOptions {
  storage: VaultStorage;
  date: string;
  manifest: EvidenceManifest;
}

/**
 * Writes the signed bytes, the raw signature and then the manifest, each new (never replacing
 * a file). Writing the manifest last makes it the marker of a complete export. On failure the
 * files written by this call are removed.
 */
export async function writeManifestFiles(
  options: WriteManifestFilesOptions,
): Promise<ManifestFilePaths> {
  const { storage, manifest } = options;
  const paths = manifestFilePaths(options.date, manifest.export_id);
  const signature = decodeSignature(manifest.signature.value);
  if (signature === undefined) {
    throw invalidManifest('signature.value', 'The manifest signature is not base64 of 64 bytes.');
  }
  const written: string[] = [];
  try {
    await writeBytes(storage, paths.signedJson, manifestSignedBytes(manifest));
    written.push(paths.signedJson);
    await writeBytes(storage, paths.signature, signature);
    written.push(paths.signature);
    await writeBytes(storage, paths.manifest, serializeManifest(manifest));
  } catch (error) {
    for (const path of written) await storage.remove(path).catch(() => undefined);
    throw error;
  }
  return paths;
}

/** Reads and parses `manifest_<id>.json` from the vault. */
export async function readManifestFile(
  storage: VaultStorage,
  date: string,
  exportId: string,
): Promise<EvidenceManifest> {
  const paths = manifestFilePaths(date, exportId);
  return parseManifest(await readBytes(storage, paths.manifest));
}

/**
 * Replaces `manifest_<id>.json` atomically after custody entries were appended. Rejects a
 * manifest whose signed part differs from the stored `manifest_<id>.signed.json`.
 */
export async function replaceManifestFile(options: WriteManifestFilesOptions): Promise<void> {
  const { storage, manifest } = options;
  const paths = manifestFilePaths(options.date, manifest.export_id);
  const stored = await readBytes(storage, paths.signedJson);
  if (!stored.equals(manifestSignedBytes(manifest))) {
    throw invalidManifest(
      'manifest',
      `The signed part of manifest ${manifest.export_id} differs from ${paths.signedJson}; only custody entries may be added.`,
    );
  }
  await writeBytes(storage, paths.manifest, serializeManifest(manifest), { exclusive: false });
}

export interface RecordCustodyOptions {
  storage: VaultStorage;
  date: string;
  exportId: string;
  entry: CustodyEntryInput;
  signer: EvidenceSigner;
}

/**
 * Appends a signed custody entry (download, verify) to the stored manifest and returns the
 * new manifest. Callers serialize calls per export, because each call reads, extends and
 * replaces the file.
 */
export async function recordCustody(options: RecordCustodyOptions): Promise<EvidenceManifest> {
  const manifest = await readManifestFile(options.storage, options.date, options.exportId);
  const updated = appendCustody(manifest, options.entry, options.signer);
  await replaceManifestFile({ storage: options.storage, date: options.date, manifest: updated });
  return updated;
}
