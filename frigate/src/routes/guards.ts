import { json, type HttpResult } from '../http/results';
import type { RequestContext } from '../http/router';

/** Frigate's `require_role(["admin"])`: a viewer gets FastAPI's 403 with the roles named. */
export function requireAdmin(context: RequestContext): HttpResult | undefined {
  if (context.user.role === 'admin') return undefined;
  return json(403, { detail: `Role ${context.user.role} not authorized. Required: admin` });
}
