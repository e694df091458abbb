import type { FastifyInstance } from 'fastify';
import type { EvidenceContext } from '../context';
import { findVisibleExport } from '../custody-service';
import { actorOfRequest, auditSafely } from '../export-notify';
import { verifyExport } from '../verify-service';
import { callerOf } from './read-routes';
import { idParams, type IdParams } from './schemas';

/** `POST /api/evidence/{id}/verify`: re-hashes the stored file and checks the manifest. */
export function registerVerifyRoute(app: FastifyInstance, context: EvidenceContext): void {
  app.post<{ Params: IdParams }>(
    '/evidence/:id/verify',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary:
          'Re-hash the stored file, check the signature and custody chain, and record a verify entry.',
        params: idParams,
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const record = await findVisibleExport(context, caller, request.params.id);
      const result = await verifyExport(context, caller, record);
      await auditSafely(context, {
        siteId: caller.siteId,
        actor: actorOfRequest(caller),
        action: 'evidence.verify',
        resource: `evidence/${record.id}`,
        details: {
          match: result.match,
          sha256_expected: result.sha256_expected,
          sha256_actual: result.sha256_actual,
          signature_valid: result.signature_valid,
          custody_valid: result.custody_valid,
          custody_recorded: result.custody_recorded,
        },
      });
      return result;
    },
  );
}
