import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventBus } from '../bus/event-bus';
import { CoreErrors } from '../errors/codes';
import type { CentinelaError } from '../errors/problem';
import type { RouteSecurity } from '../plugins/manifest';
import type { PluginRegistry } from '../plugins/registry';
import type { ServiceRegistry } from '../plugins/services';
import type { SiteDirectory } from '../sites/site-directory';
import { sendProblem } from './error-handler';
import { AUTHENTICATED } from './security';

export interface GuardDependencies {
  registry: PluginRegistry;
  services: ServiceRegistry;
  sites: SiteDirectory;
  bus: EventBus;
}

/** Extra route options the guard understands besides the permission. */
export interface GuardRouteConfig extends RouteSecurity {
  /** Reachable while the user still has to change a one-time password. */
  allowPendingPasswordChange?: boolean;
}

const SITE_HEADER = 'x-centinela-site';

/**
 * One `onRequest` hook in front of every route: pick the site, hide routes of plugins that
 * are not enabled on it (404), then authenticate (401) and check the route's permission (403).
 * Refused WebSocket upgrades get their socket destroyed, because a refused upgrade otherwise
 * leaves the raw socket open and holds up shutdown.
 */
export function installGuard(app: FastifyInstance, deps: GuardDependencies): void {
  app.decorateRequest('siteId', '');
  app.decorateRequest('principal', null);

  app.addHook('onRequest', async (request, reply) => {
    const refusal = await check(request, deps);
    if (refusal === null) return;
    if (request.headers.upgrade?.toLowerCase() === 'websocket') {
      reply.raw.once('finish', () => request.raw.socket.destroy());
      setImmediate(() => request.raw.socket.destroy());
    }
    return sendProblem(reply, request, refusal);
  });
}

async function check(request: FastifyRequest, deps: GuardDependencies): Promise<CentinelaError | null> {
  const siteError = resolveSite(request, deps.sites);
  const config = (request.routeOptions.config ?? {}) as GuardRouteConfig;
  if (request.routeOptions.url === undefined) return null; // the not-found handler answers
  if (siteError !== null) return siteError;

  if (config.plugin !== undefined && !deps.registry.isServed(request.siteId, config.plugin)) {
    return CoreErrors.routeNotFound(request.method, request.url.split('?')[0] ?? '', {
      fix: `The ${config.plugin} plugin is not installed on site ${request.siteId}; a SuperAdmin installs it with PUT /api/sites/${request.siteId}/plugins/${config.plugin}.`,
    });
  }
  if (config.public === true) return null;

  const authenticator = deps.services.find('authenticator');
  const principal = authenticator === undefined ? null : await authenticator.authenticate(request);
  if (principal === null) return CoreErrors.unauthenticated();
  request.principal = principal;

  if (principal.mustChangePassword && config.allowPendingPasswordChange !== true) {
    return CoreErrors.passwordChangeRequired();
  }
  const permission = config.permission ?? AUTHENTICATED;
  if (permission === AUTHENTICATED) return null;
  const authorizer = deps.services.find('authorizer');
  if (authorizer !== undefined && authorizer.can(principal, permission)) return null;

  deps.bus.publish('access.denied', {
    siteId: request.siteId,
    actorId: principal.userId,
    permission,
    method: request.method,
    url: request.url.split('?')[0] ?? '',
    address: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
  return CoreErrors.forbidden(permission);
}

function resolveSite(request: FastifyRequest, sites: SiteDirectory): CentinelaError | null {
  const fromHeader = request.headers[SITE_HEADER];
  const fromQuery = (request.query as Record<string, unknown> | undefined)?.site_id;
  const requested = typeof fromHeader === 'string' ? fromHeader : typeof fromQuery === 'string' ? fromQuery : undefined;
  if (requested === undefined) {
    request.siteId = sites.list().length > 0 ? sites.defaultSiteId : '';
    return null;
  }
  if (sites.get(requested) === undefined) return CoreErrors.siteUnknown(requested);
  request.siteId = requested;
  return null;
}

/** The user of a request that passed the guard; routes with a permission always have one. */
export function requirePrincipal(request: FastifyRequest): NonNullable<FastifyRequest['principal']> {
  if (request.principal === null) throw CoreErrors.unauthenticated();
  return request.principal;
}
