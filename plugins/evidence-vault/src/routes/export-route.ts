import { requirePrincipal, CoreErrors } from '@centinela/core';
import type { FastifyInstance } from 'fastify';
import type { EvidenceContext } from '../context';
import { EvidenceErrors } from '../errors';
import { exportEvent } from '../export-service';
import { exportCreatedBody } from '../present';
import { exportBody, exportHeaders, type ExportBody } from './schemas';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
// Control characters other than tab and line breaks. DEL also matters because jq 1.6 escapes
// it and RFC 8785 does not, which would break the jq check in docs/evidence.md.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** `POST /api/evidence/export`: 201 with a new export, 200 with the export of a retried key. */
export function registerExportRoute(app: FastifyInstance, context: EvidenceContext): void {
  app.post<{ Body: ExportBody; Headers: { 'idempotency-key'?: string } }>(
    '/evidence/export',
    {
      config: { permission: 'evidence:export' },
      schema: {
        tags: ['evidence'],
        summary: 'Export the clip or snapshot of an event as evidence.',
        body: exportBody,
        headers: exportHeaders,
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const reason = readReason(request.body.reason);
      const outcome = await exportEvent(context, {
        siteId: request.siteId,
        principal,
        eventId: request.body.event_id,
        reason,
        format: request.body.format,
        idempotencyKey: readIdempotencyKey(request.headers['idempotency-key']),
        address: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      const record = outcome.record;
      request.log.info(
        {
          exportId: record.id,
          eventId: record.eventId,
          size: record.size,
          created: outcome.created,
        },
        outcome.created ? 'evidence exported' : 'evidence export returned for a retried key',
      );
      return reply.code(outcome.created ? 201 : 200).send(exportCreatedBody(record));
    },
  );
}

function readReason(value: string): string {
  const reason = value.trim();
  if (reason.length < 3) {
    throw CoreErrors.validation('body/reason must contain at least 3 characters besides spaces.', {
      field: 'body/reason',
      fix: 'Say why the evidence is exported, for example with a report number.',
    });
  }
  const control = CONTROL_CHARACTER.exec(reason);
  if (control !== null) {
    const code = control[0].codePointAt(0)!.toString(16).padStart(4, '0');
    throw CoreErrors.validation(
      `body/reason contains the control character U+${code.toUpperCase()} at position ${control.index}.`,
      { field: 'body/reason', fix: 'Use plain text; tabs and line breaks are allowed.' },
    );
  }
  return reason;
}

function readIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw EvidenceErrors.idempotencyKeyInvalid({
      field: 'headers/idempotency-key',
      fix: 'Send a UUID or another token of up to 200 visible ASCII characters.',
    });
  }
  return value;
}
