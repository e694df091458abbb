import type { JsonValue } from './canonical-json';
import type { EvidenceSigner } from './keys';
import { buildManifest, type BuildManifestInput, type ManifestEventInput } from './manifest';
import { writeManifestFiles, type ManifestFilePaths } from './manifest-files';
import type { EvidenceActor, EvidenceManifest } from './manifest-types';
import { signManifest } from './signing';
import { writeExport, type ExportFileResult, type WriteExportOptions } from './export-writer';

export interface ExportEvidenceOptions extends WriteExportOptions {
  signer: EvidenceSigner;
  event: ManifestEventInput;
  sourceUrl: string;
  actor: EvidenceActor;
  reason: string;
  /** Defaults to the time the media file was committed. */
  exportedAt?: Date;
  address: string | null;
  centinelaVersion: string;
  details?: { [key: string]: JsonValue };
}

export interface ExportEvidenceResult {
  file: ExportFileResult;
  manifest: EvidenceManifest;
  manifestFiles: ManifestFilePaths;
}

/**
 * Runs a whole export: media file and `.sha256`, then the signed manifest files. When a later
 * step fails, the files of the earlier steps are removed, so the vault contains either a complete
 * export or nothing of it.
 */
export async function exportEvidence(
  options: ExportEvidenceOptions,
): Promise<ExportEvidenceResult> {
  // Building with a placeholder file first rejects bad input (time zone, URL, reason) before
  // any bytes are streamed.
  buildManifest(manifestInput(options, new Date(), PLACEHOLDER_FILE));
  const file = await writeExport(options);
  try {
    const unsigned = buildManifest(
      manifestInput(options, options.exportedAt ?? new Date(), {
        name: file.fileName,
        size: file.size,
        contentType: file.contentType,
        sha256: file.sha256,
      }),
    );
    const manifest = signManifest(unsigned, options.signer);
    const manifestFiles = await writeManifestFiles({
      storage: options.storage,
      date: options.date,
      manifest,
    });
    return { file, manifest, manifestFiles };
  } catch (error) {
    await options.storage.remove(file.checksumRelativePath).catch(() => undefined);
    await options.storage.remove(file.relativePath).catch(() => undefined);
    throw error;
  }
}

const PLACEHOLDER_FILE: BuildManifestInput['file'] = {
  name: 'placeholder',
  size: 0,
  contentType: 'application/octet-stream',
  sha256: '0'.repeat(64),
};

function manifestInput(
  options: ExportEvidenceOptions,
  exportedAt: Date,
  file: BuildManifestInput['file'],
): BuildManifestInput {
  return {
    exportId: options.id,
    event: options.event,
    sourceUrl: options.sourceUrl,
    actor: options.actor,
    reason: options.reason,
    exportedAt,
    address: options.address,
    file,
    centinelaVersion: options.centinelaVersion,
    ...(options.details === undefined ? {} : { details: options.details }),
  };
}
