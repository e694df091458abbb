import { EntitySchema } from '@mikro-orm/core';

export type ExportFormat = 'mp4' | 'jpg';

/**
 * One completed evidence export. The files live in the vault under `relativePath`; this row
 * makes them listable and stores the download counter. Rows are written once, after the
 * vault files are complete, and only `downloadCount` changes afterwards.
 */
export interface EvidenceExport {
  id: string;
  siteId: string;
  /** Centinela's event id. There is no foreign key: the event may expire, the export stays. */
  eventId: string;
  frigateEventId: string;
  cameraId: string;
  /** Frigate's camera name. */
  camera: string;
  format: ExportFormat;
  reason: string;
  status: 'completed';
  /** `export_<id>.<ext>` */
  fileName: string;
  /** `exports/<date>/export_<id>.<ext>`, relative to the vault root. */
  relativePath: string;
  /** Day folder of the export, YYYY-MM-DD (UTC). */
  exportDate: string;
  size: number;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  contentType: string;
  /** key_id of the Ed25519 key that signed the manifest. */
  keyId: string;
  actorId: string;
  actorEmail: string;
  actorRole: string;
  /** Unique per site and actor; null when the request had no Idempotency-Key. */
  idempotencyKey: string | null;
  downloadCount: number;
  createdAt: Date;
}

export const EvidenceExportSchema = new EntitySchema<EvidenceExport>({
  name: 'EvidenceExport',
  tableName: 'evidence_exports',
  properties: {
    id: { type: 'uuid', primary: true },
    siteId: { type: 'string', fieldName: 'site_id', length: 40 },
    eventId: { type: 'uuid', fieldName: 'event_id' },
    frigateEventId: { type: 'string', fieldName: 'frigate_event_id', length: 64 },
    cameraId: { type: 'string', fieldName: 'camera_id', length: 64 },
    camera: { type: 'string', length: 64 },
    format: { type: 'string', length: 8 },
    reason: { type: 'text' },
    status: { type: 'string', length: 16 },
    fileName: { type: 'string', fieldName: 'file_name', length: 200 },
    relativePath: { type: 'string', fieldName: 'relative_path', length: 300 },
    exportDate: { type: 'string', fieldName: 'export_date', length: 10 },
    size: { type: 'bigint', columnType: 'bigint' },
    sha256: { type: 'string', length: 64 },
    contentType: { type: 'string', fieldName: 'content_type', length: 100 },
    keyId: { type: 'string', fieldName: 'key_id', length: 16 },
    actorId: { type: 'string', fieldName: 'actor_id', length: 64 },
    actorEmail: { type: 'string', fieldName: 'actor_email', length: 320 },
    actorRole: { type: 'string', fieldName: 'actor_role', length: 32 },
    idempotencyKey: { type: 'string', fieldName: 'idempotency_key', length: 200, nullable: true },
    downloadCount: { type: 'integer', fieldName: 'download_count' },
    createdAt: { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() },
  },
});

export const EVIDENCE_ENTITIES = [EvidenceExportSchema];
