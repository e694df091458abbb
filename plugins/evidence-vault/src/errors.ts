import { CentinelaError, defineError } from '@centinela/core';
import { EvidenceError } from './engine';

/** Problems of the evidence routes (RFC 9457 with these codes). */
export const EvidenceErrors = {
  eventNotFound: defineError(
    'CEN_ERR_EVIDENCE_EVENT_NOT_FOUND',
    404,
    'Event not found',
    (id: string) => `No event with id "${id}" on this site.`,
  ),
  exportNotFound: defineError(
    'CEN_ERR_EVIDENCE_NOT_FOUND',
    404,
    'Evidence export not found',
    (id: string) => `No evidence export with id "${id}" on this site.`,
  ),
  noMedia: defineError(
    'CEN_ERR_EVIDENCE_NO_MEDIA',
    422,
    'Event has no media to export',
    (id: string, kind: string) => `Event "${id}" has no ${kind} in Frigate.`,
  ),
  eventInProgress: defineError(
    'CEN_ERR_EVIDENCE_EVENT_IN_PROGRESS',
    409,
    'Event still in progress',
    (id: string) => `Event "${id}" has not ended yet, so its clip is not complete.`,
  ),
  mediaNotReady: defineError(
    'CEN_ERR_EVIDENCE_MEDIA_NOT_READY',
    409,
    'Media not ready in Frigate',
    (id: string, kind: string) => `Frigate cannot serve the ${kind} of event "${id}" yet.`,
  ),
  sourceUnavailable: defineError(
    'CEN_ERR_EVIDENCE_SOURCE_UNAVAILABLE',
    502,
    'Frigate unavailable',
    (reason: string) => `The media could not be fetched from Frigate: ${reason}.`,
  ),
  sourceMissing: defineError(
    'CEN_ERR_EVIDENCE_SOURCE_MISSING',
    503,
    'No event source',
    () => 'No plugin provides the "frigate" service, so events cannot be exported.',
  ),
  idempotencyKeyInvalid: defineError(
    'CEN_ERR_EVIDENCE_IDEMPOTENCY_KEY_INVALID',
    400,
    'Invalid Idempotency-Key',
    () => 'The Idempotency-Key header must be 1 to 200 visible ASCII characters.',
  ),
  idempotencyKeyReused: defineError(
    'CEN_ERR_EVIDENCE_IDEMPOTENCY_KEY_REUSED',
    422,
    'Idempotency-Key used for another request',
    (key: string, exportId: string) =>
      `The Idempotency-Key "${key}" was used for export ${exportId} with a different event, format or reason.`,
  ),
  signingKeyMismatch: defineError(
    'CEN_ERR_EVIDENCE_SIGNING_KEY_MISMATCH',
    409,
    'Export signed with another key',
    (exportId: string, manifestKeyId: string, currentKeyId: string) =>
      `Export ${exportId} was signed with key ${manifestKeyId}, but the site now signs with key ${currentKeyId}, so no custody entry can be added.`,
  ),
  rangeNotSatisfiable: defineError(
    'CEN_ERR_EVIDENCE_RANGE_NOT_SATISFIABLE',
    416,
    'Range not satisfiable',
    (range: string, size: number) => `The range "${range}" is outside the file of ${size} bytes.`,
  ),
};

/**
 * Converts an engine error into the core's problem error with the same code, status, field
 * and fix. Other errors are returned unchanged.
 */
export function toProblemError(error: unknown): unknown {
  if (!(error instanceof EvidenceError)) return error;
  return new CentinelaError(error.code, error.statusCode, error.title, error.message, {
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.fix === undefined ? {} : { fix: error.fix }),
    cause: error,
  });
}
