import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EvidenceContext } from '../context';
import { appendCustodyEntry, findVisibleExport, type CustodyCaller } from '../custody-service';
import type { EvidenceExport } from '../db/entities';
import { incrementDownloads } from '../db/export-rows';
import { EvidenceErrors, toProblemError } from '../errors';
import { actorOfRequest, auditSafely } from '../export-notify';
import { parseRange } from '../http/range';
import { callerOf } from './read-routes';
import { idParams, type IdParams } from './schemas';

/**
 * `GET /api/evidence/{id}/download`: streams the exported file, honouring a single byte range.
 * Every response that carries bytes first adds one to the download counter and appends a
 * signed `download` custody entry. If that fails, no byte is sent. `HEAD` sends the headers
 * only and records nothing.
 */
export function registerDownloadRoute(app: FastifyInstance, context: EvidenceContext): void {
  const options = {
    config: { permission: 'evidence:read' },
    schema: {
      tags: ['evidence'],
      summary: 'Download the exported file (Range supported).',
      params: idParams,
    },
  };

  // Registered before the GET route, so Fastify does not add its own HEAD route, which
  // would run the GET handler and record a download.
  app.head<{ Params: IdParams }>('/evidence/:id/download', options, async (request, reply) => {
    const target = await resolveTarget(context, request);
    setFileHeaders(reply, target.record, target.size, target.partial);
    return reply.send();
  });

  app.get<{ Params: IdParams }>('/evidence/:id/download', options, async (request, reply) => {
    const { caller, record, size, partial } = await resolveTarget(context, request);
    await recordDownload(context, caller, record, partial);
    let body;
    try {
      body = await context.vault
        .storageFor(caller.siteId)
        .read(record.relativePath, partial ?? undefined);
    } catch (error) {
      throw toProblemError(error);
    }
    // Headers are set only now, so that a failure above returns a clean problem document.
    setFileHeaders(reply, record, size, partial);
    return reply.send(body);
  });
}

interface DownloadTarget {
  caller: CustodyCaller;
  record: EvidenceExport;
  size: number;
  partial: ByteSpan;
}

/** Finds the export and the byte span the request names; 416 for a span past the end. */
async function resolveTarget(
  context: EvidenceContext,
  request: FastifyRequest<{ Params: IdParams }>,
): Promise<DownloadTarget> {
  const caller = callerOf(request);
  const record = await findVisibleExport(context, caller, request.params.id);
  let size: number;
  try {
    size = (await context.vault.storageFor(caller.siteId).stat(record.relativePath)).size;
  } catch (error) {
    throw toProblemError(error);
  }
  const rangeHeader = request.headers.range;
  const range = parseRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    throw EvidenceErrors.rangeNotSatisfiable(rangeHeader ?? '', size, {
      field: 'headers/range',
      fix: `Ask for bytes between 0 and ${Math.max(0, size - 1)}.`,
      headers: { 'Content-Range': `bytes */${size}` },
    });
  }
  const partial = range.kind === 'partial' ? { start: range.start, end: range.end } : null;
  return { caller, record, size, partial };
}

type ByteSpan = { start: number; end: number } | null;

async function recordDownload(
  context: EvidenceContext,
  caller: CustodyCaller,
  record: EvidenceExport,
  partial: ByteSpan,
): Promise<void> {
  const rangeText = partial === null ? null : `bytes=${partial.start}-${partial.end}`;
  let downloads = 0;
  const manifest = await appendCustodyEntry(context, caller, record.id, {
    action: 'download',
    ...(rangeText === null ? {} : { details: { range: rangeText } }),
    async beforeAppend(em) {
      downloads = await incrementDownloads(em, record.id);
    },
  });
  await auditSafely(context, {
    siteId: caller.siteId,
    actor: actorOfRequest(caller),
    action: 'evidence.download',
    resource: `evidence/${record.id}`,
    details: {
      file_name: record.fileName,
      sha256: record.sha256,
      range: rangeText,
      download_count: downloads,
      custody_seq: manifest.custody.length,
    },
  });
}

function setFileHeaders(
  reply: FastifyReply,
  record: EvidenceExport,
  size: number,
  partial: ByteSpan,
): void {
  reply
    .header('Content-Type', record.contentType)
    .header('Content-Disposition', `attachment; filename="${record.fileName}"`)
    .header('Accept-Ranges', 'bytes')
    .header('ETag', `"${record.sha256}"`)
    // RFC 9530: the SHA-256 of the whole file, also on partial responses.
    .header('Repr-Digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`)
    .header('Cache-Control', 'private, no-store');
  if (partial === null) {
    reply.code(200).header('Content-Length', String(size));
    return;
  }
  reply
    .code(206)
    .header('Content-Range', `bytes ${partial.start}-${partial.end}/${size}`)
    .header('Content-Length', String(partial.end - partial.start + 1));
}
