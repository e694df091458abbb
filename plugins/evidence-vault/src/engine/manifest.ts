import type { JsonValue } from './canonical-json';
import { invalidInput } from './errors';
import { assertTimeZone, toLocalIso } from './local-time';
import {
  MANIFEST_VERSION,
  type EvidenceActor,
  type ManifestEvent,
  type UnsignedManifest,
} from './manifest-types';
import { isValidExportId } from './paths';
import { sanitizeSourceUrl } from './source-url';

export interface ManifestEventInput {
  site: string;
  camera: string;
  label: string;
  subLabel?: string | null;
  score?: number | null;
  start: Date;
  /** Null while the event is still in progress. */
  end?: Date | null;
  /** IANA time zone of the site, e.g. America/Mexico_City. */
  timezone: string;
  frigateEventId: string;
  frigateVersion?: string | null;
}

export interface BuildManifestInput {
  exportId: string;
  event: ManifestEventInput;
  /** URL the file was fetched from; credentials are removed before it is stored. */
  sourceUrl: string;
  actor: EvidenceActor;
  reason: string;
  exportedAt: Date;
  /** Client IP address of the export request, or null for a local command. */
  address: string | null;
  file: { name: string; size: number; contentType: string; sha256: string };
  centinelaVersion: string;
  /** Extra facts for the export custody entry (e.g. the Idempotency-Key). */
  details?: { [key: string]: JsonValue };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Builds the unsigned manifest of one export; its custody contains the export entry (seq 1). */
export function buildManifest(input: BuildManifestInput): UnsignedManifest {
  checkInput(input);
  const exportedAt = toUtcIso(input.exportedAt, 'exported_at');
  return {
    manifest_version: MANIFEST_VERSION,
    export_id: input.exportId,
    event: buildEvent(input.event),
    source_url: sanitizeSourceUrl(input.sourceUrl),
    actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
    reason: input.reason,
    exported_at: exportedAt,
    file: {
      name: input.file.name,
      size: input.file.size,
      content_type: input.file.contentType,
      sha256: input.file.sha256,
    },
    centinela_version: input.centinelaVersion,
    custody: [
      {
        seq: 1,
        action: 'export',
        actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
        at: exportedAt,
        address: input.address,
        ...(input.details === undefined ? {} : { details: input.details }),
        prev_hash: null,
        signature: null,
      },
    ],
  };
}

function buildEvent(event: ManifestEventInput): ManifestEvent {
  assertTimeZone(event.timezone);
  const end = event.end ?? null;
  return {
    site: event.site,
    camera: event.camera,
    label: event.label,
    sub_label: event.subLabel ?? null,
    score: event.score ?? null,
    start_utc: toUtcIso(event.start, 'event.start'),
    end_utc: end === null ? null : toUtcIso(end, 'event.end'),
    start_local: toLocalIso(event.start, event.timezone),
    end_local: end === null ? null : toLocalIso(end, event.timezone),
    timezone: event.timezone,
    frigate_event_id: event.frigateEventId,
    frigate_version: event.frigateVersion ?? null,
  };
}

function toUtcIso(date: Date, field: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw invalidInput(field, `${field} is not a valid Date.`, 'Pass a valid Date.');
  }
  return date.toISOString();
}

function checkInput(input: BuildManifestInput): void {
  if (!isValidExportId(input.exportId)) {
    throw invalidInput(
      'export_id',
      `Invalid export id ${JSON.stringify(input.exportId)}.`,
      'Use 1 to 128 letters, digits, "_" or "-".',
    );
  }
  if (input.reason.trim().length === 0) {
    throw invalidInput(
      'reason',
      'The export reason is empty.',
      'Say why the evidence is exported.',
    );
  }
  if (!SHA256_HEX.test(input.file.sha256)) {
    throw invalidInput('file.sha256', 'file.sha256 is not 64 lower-case hex characters.');
  }
  if (!Number.isSafeInteger(input.file.size) || input.file.size < 0) {
    throw invalidInput('file.size', `Invalid file size ${input.file.size}.`);
  }
  const score = input.event.score;
  if (score !== undefined && score !== null && !Number.isFinite(score)) {
    throw invalidInput('event.score', 'event.score is not a finite number.');
  }
  if (input.event.end instanceof Date && input.event.end.getTime() < input.event.start.getTime()) {
    throw invalidInput('event.end', 'The event ends before it starts.');
  }
}
