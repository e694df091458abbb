import type { ServiceRegistry } from '@centinela/core';
import { EvidenceErrors } from '../errors';
import { findUntypedService } from '../services';
import { EvidenceSourceError, type EvidenceSource } from './evidence-source';
import { FrigateEvidenceSource, isFrigateService } from './frigate-adapter';

/** Returns the event source built on the `frigate` service, or raises 503 when it is missing. */
export function resolveSource(services: ServiceRegistry): EvidenceSource {
  const frigate = findUntypedService(services, 'frigate');
  if (!isFrigateService(frigate)) {
    throw EvidenceErrors.sourceMissing({
      fix: 'Install the frigate-events plugin on this site, or restart the server if it failed to load.',
    });
  }
  return new FrigateEvidenceSource(frigate);
}

/** Converts a source failure into the problem the export route returns. */
export function sourceProblem(error: unknown, eventId: string, kind: string): unknown {
  if (!(error instanceof EvidenceSourceError)) return error;
  switch (error.failure) {
    case 'not-found':
      return EvidenceErrors.eventNotFound(eventId, { field: 'body/event_id', cause: error });
    case 'no-media':
      return EvidenceErrors.noMedia(eventId, kind, {
        field: 'body/format',
        fix:
          kind === 'clip'
            ? 'Export the snapshot (format jpg) instead.'
            : 'Export the clip (format mp4) instead.',
        cause: error,
      });
    case 'not-ready': {
      const seconds = error.retryAfterSeconds ?? 10;
      return EvidenceErrors.mediaNotReady(eventId, kind, {
        fix: `Frigate writes recordings a few seconds after an event ends; export again in ${seconds} s.`,
        headers: { 'Retry-After': String(seconds) },
        extensions: { retry_after_seconds: seconds },
        cause: error,
      });
    }
    case 'unavailable':
      return EvidenceErrors.sourceUnavailable(error.message, {
        fix: "Check that Frigate runs and that the site's Frigate URL is right; GET /api/ready shows its state.",
        cause: error,
      });
  }
}
