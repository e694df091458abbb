import type { JsonValue } from './canonical-json';

export const MANIFEST_VERSION = 1;
export const SIGNATURE_ALGORITHM = 'Ed25519';

export type CustodyAction = 'export' | 'download' | 'verify';

/** Signature of a manifest or custody entry. */
export interface SignatureBlock {
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** Base64 (with padding) of the 64-byte Ed25519 signature. */
  value: string;
  key_id: string;
}

export interface EvidenceActor {
  id: string;
  email: string;
  role: string;
}

/**
 * One step of the chain of custody. The export entry (seq 1) sits inside the signed manifest
 * body, so its `prev_hash` and `signature` are null. Every later entry has its own signature
 * over the entry without `signature`, and `prev_hash` links it to the entry before.
 */
export interface CustodyEntry {
  seq: number;
  action: CustodyAction;
  actor: EvidenceActor;
  /** ISO 8601 UTC time. */
  at: string;
  /** Client IP address, or null when the action came from a local command. */
  address: string | null;
  details?: { [key: string]: JsonValue };
  /**
   * Lower-case hex SHA-256. For seq 2 it is the hash of the manifest's raw signature bytes
   * (the content of manifest_<id>.sig); after that, the hash of the previous entry's RFC 8785
   * canonical JSON, signature included.
   */
  prev_hash: string | null;
  signature: SignatureBlock | null;
}

export interface ManifestEvent {
  site: string;
  camera: string;
  label: string;
  sub_label: string | null;
  score: number | null;
  start_utc: string;
  end_utc: string | null;
  /** ISO 8601 with the site's UTC offset at that instant, e.g. 2024-05-01T10:30:00.000-06:00. */
  start_local: string;
  end_local: string | null;
  /** IANA time zone of the site. */
  timezone: string;
  frigate_event_id: string;
  frigate_version: string | null;
}

export interface ManifestFile {
  name: string;
  size: number;
  content_type: string;
  sha256: string;
}

export interface EvidenceManifest {
  manifest_version: typeof MANIFEST_VERSION;
  export_id: string;
  event: ManifestEvent;
  source_url: string;
  actor: EvidenceActor;
  reason: string;
  exported_at: string;
  file: ManifestFile;
  centinela_version: string;
  custody: CustodyEntry[];
  signature: SignatureBlock;
}

/** A manifest before signing: `custody` contains exactly the export entry. */
export type UnsignedManifest = Omit<EvidenceManifest, 'signature'>;
