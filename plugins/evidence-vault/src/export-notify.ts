import './bus';
import type { EvidenceContext } from './context';
import type { EvidenceExport } from './db/entities';
import type { ExportRequest } from './export-service';
import { recordAudit, type AuditEntry } from './services';

/** Returns the actor of a request in the form the audit log and the bus use. */
export function actorOfRequest(request: {
  principal: { userId: string; email: string };
  address: string;
  userAgent: string | null;
}): AuditEntry['actor'] {
  return {
    id: request.principal.userId,
    email: request.principal.email,
    address: request.address,
    userAgent: request.userAgent,
  };
}

/**
 * Records an audit entry and logs, instead of raising, when that fails: the action already
 * happened and its custody entry is signed, so the client gets its response either way.
 */
export async function auditSafely(context: EvidenceContext, entry: AuditEntry): Promise<void> {
  try {
    const recorded = await recordAudit(context.plugin.services, entry);
    if (!recorded) {
      context.plugin.log.warn(
        { action: entry.action, resource: entry.resource },
        'no audit service; action not audited',
      );
    }
  } catch (error) {
    context.plugin.log.error(
      { err: error, action: entry.action, resource: entry.resource },
      'failed to audit an evidence action',
    );
  }
}

/** Audits a new export and publishes `evidence.exported` on the bus. */
export async function publishExported(
  context: EvidenceContext,
  request: ExportRequest,
  record: EvidenceExport,
): Promise<void> {
  const actor = actorOfRequest(request);
  await auditSafely(context, {
    siteId: record.siteId,
    actor,
    action: 'evidence.export',
    resource: `evidence/${record.id}`,
    details: {
      event_id: record.eventId,
      frigate_event_id: record.frigateEventId,
      camera: record.camera,
      format: record.format,
      reason: record.reason,
      file_name: record.fileName,
      size: record.size,
      sha256: record.sha256,
      idempotency_key: record.idempotencyKey,
    },
  });
  context.plugin.bus.publish('evidence.exported', {
    siteId: record.siteId,
    exportId: record.id,
    eventId: record.eventId,
    frigateEventId: record.frigateEventId,
    cameraId: record.cameraId,
    camera: record.camera,
    format: record.format,
    fileName: record.fileName,
    size: record.size,
    sha256: record.sha256,
    actor,
    createdAt: record.createdAt.toISOString(),
  });
}
