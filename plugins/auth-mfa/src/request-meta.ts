import type { FastifyRequest } from 'fastify';

/** Where a request came from, as the audit log and the sessions table record it. */
export interface RequestMeta {
  siteId: string | null;
  address: string | null;
  userAgent: string | null;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent'];
  return {
    siteId: request.siteId === '' ? null : request.siteId,
    address: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 400) : null,
  };
}
