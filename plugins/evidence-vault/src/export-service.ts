import { randomUUID } from 'node:crypto';
import { CENTINELA_VERSION, type Principal } from '@centinela/core';
import type { EvidenceContext } from './context';
import type { EvidenceExport, ExportFormat } from './db/entities';
import { findByIdempotencyKey, insertExport } from './db/export-rows';
import {
  exportEvidence,
  exportFilePaths,
  manifestFilePaths,
  type ExportEvidenceResult,
  type JsonValue,
  type VaultStorage,
} from './engine';
import { EvidenceErrors, toProblemError } from './errors';
import { publishExported } from './export-notify';
import {
  EvidenceSourceError,
  type EvidenceSource,
  type MediaKind,
  type SourceEvent,
  type SourceMedia,
} from './source/evidence-source';
import { resolveSource, sourceProblem } from './source/resolve';

export interface ExportRequest {
  siteId: string;
  principal: Principal;
  eventId: string;
  /** Already trimmed, 3 to 500 characters. */
  reason: string;
  format: ExportFormat;
  idempotencyKey: string | null;
  address: string;
  userAgent: string | null;
}

export interface ExportOutcome {
  /** False when an earlier export with the same Idempotency-Key is returned. */
  created: boolean;
  record: EvidenceExport;
}

/** Seconds a client waits before asking again for an event that has not ended. */
export const IN_PROGRESS_RETRY_SECONDS = 30;

/**
 * Exports the clip or snapshot of an event: checks the event, requests that Frigate retain it,
 * streams the media into the vault with its hash and signed manifest, then records the row.
 * A retried request with the same Idempotency-Key by the same user returns the first export.
 */
export async function exportEvent(
  context: EvidenceContext,
  request: ExportRequest,
): Promise<ExportOutcome> {
  const earlier = await findEarlierExport(context, request);
  if (earlier !== null) return { created: false, record: earlier };

  const source = resolveSource(context.plugin.services);
  const kind: MediaKind = request.format === 'mp4' ? 'clip' : 'snapshot';
  const event = await loadEvent(source, request, kind);
  const details: { [key: string]: JsonValue } = {};
  if (request.idempotencyKey !== null) details.idempotency_key = request.idempotencyKey;
  Object.assign(details, await retainInFrigate(context, source, request.siteId, event));
  const frigateVersion = await source.frigateVersion(request.siteId).catch((error: unknown) => {
    context.plugin.log.warn(
      { err: error, siteId: request.siteId },
      'could not read the Frigate version',
    );
    return null;
  });

  let media: SourceMedia;
  try {
    media = await source.openMedia(request.siteId, event, kind);
  } catch (error) {
    throw sourceProblem(error, event.id, kind);
  }

  const id = randomUUID();
  const storage = context.vault.storageFor(request.siteId);
  const date = new Date().toISOString().slice(0, 10);
  const result = await writeToVault(context, request, {
    id,
    date,
    storage,
    event,
    media,
    frigateVersion,
    details,
  });
  const record = toRecord(request, event, result, { id, date, keyId: context.vault.key.keyId });

  let inserted: boolean;
  try {
    inserted = await insertExport(context.em(), record);
  } catch (error) {
    await removeExportFiles(context, storage, record);
    throw error;
  }
  if (!inserted) {
    // A concurrent request with the same Idempotency-Key finished first: keep its export only.
    await removeExportFiles(context, storage, record);
    const winner = await findEarlierExport(context, request);
    if (winner === null)
      throw new Error(
        `Export ${id} failed: its Idempotency-Key is taken, but no stored export has it.`,
      );
    return { created: false, record: winner };
  }
  await publishExported(context, request, record);
  return { created: true, record };
}

async function findEarlierExport(
  context: EvidenceContext,
  request: ExportRequest,
): Promise<EvidenceExport | null> {
  if (request.idempotencyKey === null) return null;
  const earlier = await findByIdempotencyKey(
    context.em(),
    request.siteId,
    request.principal.userId,
    request.idempotencyKey,
  );
  if (earlier === null) return null;
  const same =
    earlier.eventId === request.eventId &&
    earlier.format === request.format &&
    earlier.reason === request.reason;
  if (!same) {
    throw EvidenceErrors.idempotencyKeyReused(request.idempotencyKey, earlier.id, {
      field: 'headers/idempotency-key',
      fix: 'Send a new Idempotency-Key for a different export.',
    });
  }
  return earlier;
}

async function loadEvent(
  source: EvidenceSource,
  request: ExportRequest,
  kind: MediaKind,
): Promise<SourceEvent> {
  let event: SourceEvent | null;
  try {
    event = await source.getEvent(request.siteId, request.eventId);
  } catch (error) {
    throw sourceProblem(error, request.eventId, kind);
  }
  const scope = request.principal.cameraScope;
  // An event on a camera outside the user's scope is reported as not found.
  if (event === null || (scope !== null && !scope.includes(event.cameraId))) {
    throw EvidenceErrors.eventNotFound(request.eventId, {
      field: 'body/event_id',
      fix: 'Use an id from GET /api/events on this site.',
    });
  }
  if (event.inProgress) {
    throw EvidenceErrors.eventInProgress(event.id, {
      fix: `Export the event after it ends; try again in ${IN_PROGRESS_RETRY_SECONDS} s.`,
      headers: { 'Retry-After': String(IN_PROGRESS_RETRY_SECONDS) },
      extensions: { retry_after_seconds: IN_PROGRESS_RETRY_SECONDS },
    });
  }
  const available = kind === 'clip' ? event.hasClip : event.hasSnapshot;
  if (!available) {
    throw sourceProblem(
      new EvidenceSourceError('no-media', `the event has no ${kind}`),
      event.id,
      kind,
    );
  }
  return event;
}

/**
 * Requests that Frigate keep the event past its retention, before the media is read, so cleanup
 * cannot remove the recording mid-export. A failure is logged and written into the manifest.
 */
async function retainInFrigate(
  context: EvidenceContext,
  source: EvidenceSource,
  siteId: string,
  event: SourceEvent,
): Promise<{ [key: string]: JsonValue }> {
  if (!context.vault.settings(siteId).retainInFrigate) return { frigate_retain: 'not_requested' };
  try {
    await source.retainEvent(siteId, event);
    return { frigate_retain: 'retained' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.plugin.log.warn(
      { err: error, siteId, eventId: event.id, frigateEventId: event.frigateEventId },
      'Frigate did not retain the exported event',
    );
    return { frigate_retain: 'failed', frigate_retain_error: message };
  }
}

interface VaultWrite {
  id: string;
  date: string;
  storage: VaultStorage;
  event: SourceEvent;
  media: SourceMedia;
  frigateVersion: string | null;
  details: { [key: string]: JsonValue };
}

async function writeToVault(
  context: EvidenceContext,
  request: ExportRequest,
  write: VaultWrite,
): Promise<ExportEvidenceResult> {
  const { event, media } = write;
  let sourceError: unknown;
  media.body.once('error', (error: unknown) => {
    sourceError = error;
  });
  const site = context.plugin.sites.get(request.siteId);
  try {
    return await exportEvidence({
      storage: write.storage,
      signer: context.vault.key,
      id: write.id,
      date: write.date,
      source: media.body,
      extension: request.format,
      contentType: media.contentType,
      ...(media.contentLength === null ? {} : { expectedSize: media.contentLength }),
      event: {
        site: request.siteId,
        camera: event.camera,
        label: event.label,
        subLabel: event.subLabel,
        score: event.score,
        start: event.startTime,
        end: event.endTime,
        timezone: site?.timezone ?? 'UTC',
        frigateEventId: event.frigateEventId,
        frigateVersion: write.frigateVersion,
      },
      sourceUrl: media.url,
      actor: {
        id: request.principal.userId,
        email: request.principal.email,
        role: request.principal.role,
      },
      reason: request.reason,
      address: request.address,
      centinelaVersion: CENTINELA_VERSION,
      details: write.details,
    });
  } catch (error) {
    media.body.destroy();
    const problem = toProblemError(error);
    if (problem !== error) throw problem;
    if (sourceError !== undefined) {
      const reason = sourceError instanceof Error ? sourceError.message : String(sourceError);
      throw EvidenceErrors.sourceUnavailable(
        `the ${request.format === 'mp4' ? 'clip' : 'snapshot'} stream failed (${reason})`,
        {
          fix: 'Check that Frigate runs and still has the recording, then export again.',
          cause: error,
        },
      );
    }
    throw error;
  }
}

function toRecord(
  request: ExportRequest,
  event: SourceEvent,
  result: ExportEvidenceResult,
  ids: { id: string; date: string; keyId: string },
): EvidenceExport {
  return {
    id: ids.id,
    siteId: request.siteId,
    eventId: event.id,
    frigateEventId: event.frigateEventId,
    cameraId: event.cameraId,
    camera: event.camera,
    format: request.format,
    reason: request.reason,
    status: 'completed',
    fileName: result.file.fileName,
    relativePath: result.file.relativePath,
    exportDate: ids.date,
    size: result.file.size,
    sha256: result.file.sha256,
    contentType: result.file.contentType,
    keyId: ids.keyId,
    actorId: request.principal.userId,
    actorEmail: request.principal.email,
    actorRole: request.principal.role,
    idempotencyKey: request.idempotencyKey,
    downloadCount: 0,
    createdAt: new Date(result.manifest.exported_at),
  };
}

/** Removes the five files of an export that was never recorded, newest file first. */
async function removeExportFiles(
  context: EvidenceContext,
  storage: VaultStorage,
  record: EvidenceExport,
): Promise<void> {
  const media = exportFilePaths(record.exportDate, record.id, record.format);
  const manifest = manifestFilePaths(record.exportDate, record.id);
  const paths = [
    manifest.manifest,
    manifest.signature,
    manifest.signedJson,
    media.checksumRelativePath,
    media.relativePath,
  ];
  for (const path of paths) {
    try {
      await storage.remove(path);
    } catch (error) {
      context.plugin.log.error(
        { err: error, exportId: record.id, path },
        'failed to remove a file of an unrecorded export',
      );
    }
  }
}
