import type { EvidenceExport } from './db/entities';

function urls(row: EvidenceExport): { download_url: string; manifest_url: string } {
  return {
    download_url: `/api/evidence/${row.id}/download`,
    manifest_url: `/api/evidence/${row.id}/manifest`,
  };
}

/** Body of `POST /api/evidence/export`, the same for the first response and for a retry. */
export function exportCreatedBody(row: EvidenceExport) {
  return {
    id: row.id,
    event_id: row.eventId,
    status: row.status,
    file_name: row.fileName,
    size: row.size,
    sha256: row.sha256,
    created_at: row.createdAt.toISOString(),
    ...urls(row),
  };
}

/** An export as `GET /api/evidence` and `GET /api/evidence/{id}` return it. */
export function exportItem(row: EvidenceExport) {
  return {
    id: row.id,
    site_id: row.siteId,
    event_id: row.eventId,
    frigate_event_id: row.frigateEventId,
    camera_id: row.cameraId,
    camera: row.camera,
    format: row.format,
    reason: row.reason,
    status: row.status,
    file_name: row.fileName,
    relative_path: row.relativePath,
    export_date: row.exportDate,
    size: row.size,
    sha256: row.sha256,
    content_type: row.contentType,
    key_id: row.keyId,
    actor_id: row.actorId,
    actor_email: row.actorEmail,
    download_count: row.downloadCount,
    created_at: row.createdAt.toISOString(),
    ...urls(row),
  };
}
