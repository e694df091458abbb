/**
 * Evidence-vault engine: stores exported clips and snapshots with their SHA-256, signs a
 * manifest with the site's Ed25519 key, keeps a signed chain of custody and verifies all of
 * it offline. Free of HTTP and database code; the plugin's routes call these functions.
 *
 * Vault layout (relative to the vault root), for export `<id>` on day `<date>`:
 *
 *     exports/<date>/export_<id>.mp4|jpg        media file (appears only once complete)
 *     exports/<date>/export_<id>.sha256         "<hex>  export_<id>.mp4" for `sha256sum -c`
 *     exports/<date>/manifest_<id>.signed.json  RFC 8785 bytes covered by the signature
 *     exports/<date>/manifest_<id>.sig          raw Ed25519 signature (64 bytes)
 *     exports/<date>/manifest_<id>.json         manifest and custody chain (written last)
 *     exports/.partial/.tmp-<random>            writes in progress
 *
 * @packageDocumentation
 */

/** Storage interface and its local-folder implementation. */
export type {
  ByteRange,
  CleanupPartialsOptions,
  VaultFileStat,
  VaultStorage,
  VaultWriteResult,
  VaultWriter,
  VaultWriterOptions,
} from './storage';
export { FilesystemVaultStorage } from './filesystem-storage';
export { readBytes, writeBytes } from './vault-io';
export { EXPORTS_DIR, PARTIAL_DIR, parseRelativePath, resolveInside } from './paths';

/** Typed errors with stable CEN_ERR_EVIDENCE_* codes for problem+json responses. */
export {
  EvidenceError,
  VaultFileExistsError,
  VaultFullError,
  VaultNotFoundError,
  VaultPathError,
  type EvidenceErrorCode,
} from './errors';

/** Streaming the media file and its `.sha256` into the vault. */
export {
  exportFilePaths,
  writeExport,
  type ExportExtension,
  type ExportFileResult,
  type ExportSource,
  type WriteExportOptions,
} from './export-writer';
export {
  exportEvidence,
  type ExportEvidenceOptions,
  type ExportEvidenceResult,
} from './export-evidence';

/** RFC 8785 canonical JSON and SHA-256 helpers. */
export { canonicalBytes, canonicalJson, sha256Hex, type JsonValue } from './canonical-json';

/** The site's Ed25519 key and manifest signatures. */
export {
  keyIdOf,
  loadOrCreateEvidenceKey,
  parsePublicKey,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  type EvidenceKeyPair,
  type EvidenceSigner,
} from './keys';
export { manifestSignedBody, manifestSignedBytes, signManifest, verifyManifest } from './signing';

/** Manifest type, builder, custody chain and manifest files in the vault. */
export {
  MANIFEST_VERSION,
  type CustodyAction,
  type CustodyEntry,
  type EvidenceActor,
  type EvidenceManifest,
  type ManifestEvent,
  type ManifestFile,
  type SignatureBlock,
  type UnsignedManifest,
} from './manifest-types';
export { buildManifest, type BuildManifestInput, type ManifestEventInput } from './manifest';
export {
  appendCustody,
  checkCustodyChain,
  custodySignedBytes,
  expectedPrevHash,
  verifyManifestFile,
  type CustodyCheck,
  type CustodyEntryInput,
  type ManifestVerification,
} from './custody';
export { checkManifest, parseManifest } from './manifest-parse';
export {
  manifestFilePaths,
  readManifestFile,
  recordCustody,
  replaceManifestFile,
  serializeManifest,
  writeManifestFiles,
  type ManifestFilePaths,
  type RecordCustodyOptions,
  type WriteManifestFilesOptions,
} from './manifest-files';
export { sanitizeSourceUrl } from './source-url';
export { toLocalIso, utcOffsetMinutes } from './local-time';

/** Offline verification and the `centinela evidence verify` command. */
export {
  PUBLIC_KEY_FILE_NAME,
  verifyEvidence,
  type CustodyStatus,
  type CustodySummary,
  type EvidenceVerdict,
  type EvidenceVerificationResult,
  type SignatureStatus,
  type VerifyEvidenceOptions,
} from './verify-offline';
export { formatVerificationReport } from './verify-report';
export {
  EVIDENCE_VERIFY_USAGE,
  runEvidenceVerifyCommand,
  VERIFY_EXIT,
  type CommandOutput,
} from './verify-command';
