import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/core';
import { AUDIT_PERMISSION } from './manifest';
import { queryAudit, type AuditQuery } from './query';
import { verifyAuditChain } from './verify';

const auditQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    actor: { type: 'string', minLength: 1, maxLength: 254, description: 'User id or email.' },
    action: {
      type: 'string',
      minLength: 1,
      maxLength: 101,
      description: 'Exact action, or a prefix ending in * (auth.*).',
    },
    cursor: { type: 'string', maxLength: 40 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    site_id: { type: 'string' },
  },
} as const;

/** `GET /api/audit` and `GET /api/audit/verify`, for SuperAdmins. */
export function registerAuditRoutes(app: FastifyInstance, orm: MikroORM): void {
  const config = { permission: AUDIT_PERMISSION };

  app.get<{ Querystring: AuditQuery }>(
    '/audit',
    {
      config,
      schema: { tags: ['audit'], summary: 'Audit entries, newest first.', querystring: auditQuery },
    },
    async (request) => queryAudit(orm, request.query),
  );

  app.get(
    '/audit/verify',
    {
      config,
      schema: {
        tags: ['audit'],
        summary: 'Check the hash chain and name the first changed or missing entry.',
      },
    },
    async () => {
      const report = await verifyAuditChain(orm);
      return {
        valid: report.valid,
        checked: report.checked,
        first_broken: report.firstBroken,
        head_hash: report.headHash,
      };
    },
  );
}
