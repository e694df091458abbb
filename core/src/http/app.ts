import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { EventBus } from '../bus/event-bus';
import type { PluginRegistry } from '../plugins/registry';
import { registerPluginRoutes } from '../plugins/routes';
import type { ServiceRegistry } from '../plugins/services';
import type { SiteDirectory } from '../sites/site-directory';
import type { WebSocketHub } from '../ws/hub';
import { registerWebSocketRoute } from '../ws/routes';
import { installErrorHandling } from './error-handler';
import { registerIngressBasePath } from '../homeassistant/ingress-base-path';
import { installGuard } from './guard';
import { installInputGuard } from './input-guard';
import { registerHealthRoutes, type HealthChecks } from './health';
import { requestId } from './request-id';

export interface BuildAppOptions {
  log: Logger;
  registry: PluginRegistry;
  services: ServiceRegistry;
  sites: SiteDirectory;
  bus: EventBus;
  hub: WebSocketHub;
  health: HealthChecks;
  version: string;
  /** Folder with the built portal (index.html); served at `/` when it exists. */
  portalDir?: string;
  /** Behind Home Assistant ingress: HTML pages get a `<base href>` of the ingress path. */
  ingress?: boolean;
}

/** Largest JSON body accepted; evidence and config bodies are far smaller. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Build the Fastify application: security plugins, guard, core routes and plugin routes. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps FastifyInstance's default generics.
    loggerInstance: options.log as FastifyBaseLogger,
    genReqId: requestId,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 200 },
    // Headers beyond 16 KiB are refused by Node's parser with 431.
    http: { maxHeaderSize: 16 * 1024 },
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });

  // Documentation pages and portal assets are public; everything else under /api declares
  // its permission. This hook must come first to see the routes those plugins add.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api')) {
      route.config = { ...(route.config ?? {}), public: true };
    }
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    // Home Assistant shows the portal in an iframe through ingress (same origin).
    frameguard: { action: 'sameorigin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Centinela API', version: options.version },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'centinela_access' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  installErrorHandling(app);
  installGuard(app, options);
  installInputGuard(app);
  if (options.ingress === true) registerIngressBasePath(app);
  registerHealthRoutes(app, options.health, options.version);
  registerPluginRoutes(app, options.registry, options.sites);
  registerWebSocketRoute(app, options.hub, options.services);
  await options.registry.registerRoutes(app);

  if (options.portalDir !== undefined && existsSync(options.portalDir)) {
    await app.register(fastifyStatic, { root: options.portalDir, prefix: '/', wildcard: false });
  } else if (options.portalDir !== undefined) {
    options.log.warn({ portalDir: options.portalDir }, 'the portal is not built, so only the API is served: run npm run build:portal');
  }
  return app;
}
