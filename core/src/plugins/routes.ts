import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CoreErrors } from '../errors/codes';
import type { ActorRef } from '../bus/event-bus';
import type { PluginRegistry } from './registry';
import type { SiteDirectory } from '../sites/site-directory';

const siteParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' } },
} as const;

const pluginParams = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: siteParams.properties.id,
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
  },
} as const;

export function actorOf(request: FastifyRequest): ActorRef {
  return {
    id: request.principal?.userId ?? null,
    address: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

/** Sites and the plugin registry: `GET /api/plugins`, `/api/sites/{id}/plugins[/{name}]`. */
export function registerPluginRoutes(app: FastifyInstance, registry: PluginRegistry, sites: SiteDirectory): void {
  app.get(
    '/api/plugins',
    { config: { permission: 'plugins:manage' }, schema: { tags: ['plugins'], summary: 'Every available plugin with its manifest and config schema.' } },
    async () => ({
      items: registry.status().map((status) => ({
        ...snake(status),
        config_schema: registry.get(status.name).manifest.configSchema,
        secret_config_keys: registry.get(status.name).manifest.secretConfigKeys ?? [],
      })),
      next_cursor: null,
    }),
  );

  app.get(
    '/api/sites',
    { config: { permission: 'sites:read' }, schema: { tags: ['sites'], summary: 'Sites.' } },
    async () => ({
      items: sites.list().map((site) => ({
        id: site.id,
        name: site.name,
        timezone: site.timezone,
        mqtt_prefix: site.mqttPrefix,
      })),
      next_cursor: null,
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/sites/:id/plugins',
    { config: { permission: 'plugins:manage' }, schema: { tags: ['plugins'], params: siteParams } },
    async (request) => {
      if (sites.get(request.params.id) === undefined) throw CoreErrors.siteUnknown(request.params.id);
      return {
        items: registry.status().map((status) => {
          const state = sites.pluginState(request.params.id, status.name);
          return {
            name: status.name,
            version: status.version,
            mandatory: status.mandatory,
            state: status.state,
            installed: state !== undefined,
            enabled: state?.enabled === true,
            config: state === undefined ? null : registry.publicConfig(status.name, state.config),
            jobs: registry.runningJobs(request.params.id, status.name),
          };
        }),
        next_cursor: null,
      };
    },
  );

  app.put<{ Params: { id: string; name: string }; Body: { config?: Record<string, unknown> } }>(
    '/api/sites/:id/plugins/:name',
    {
      config: { permission: 'plugins:manage' },
      schema: {
        tags: ['plugins'],
        summary: 'Install or reconfigure a plugin on a site, without a restart.',
        params: pluginParams,
        body: { type: 'object', properties: { config: { type: 'object' } }, additionalProperties: false },
      },
    },
    async (request) => {
      const { id, name } = request.params;
      await registry.install(id, name, request.body?.config ?? {}, { actor: actorOf(request) });
      const state = sites.pluginState(id, name);
      return { name, site_id: id, enabled: true, config: registry.publicConfig(name, state?.config ?? {}) };
    },
  );

  app.delete<{ Params: { id: string; name: string }; Querystring: { purge?: boolean; confirm?: string } }>(
    '/api/sites/:id/plugins/:name',
    {
      config: { permission: 'plugins:manage' },
      schema: {
        tags: ['plugins'],
        summary: 'Remove a plugin from a site; its data stays unless purge=true&confirm=<name>.',
        params: pluginParams,
        querystring: {
          type: 'object',
          properties: { purge: { type: 'boolean' }, confirm: { type: 'string', maxLength: 64 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { id, name } = request.params;
      const { purge, confirm } = request.query;
      await registry.remove(id, name, { actor: actorOf(request), purge: purge === true, ...(confirm === undefined ? {} : { confirm }) });
      return reply.code(204).send();
    },
  );
}

function snake(status: ReturnType<PluginRegistry['status']>[number]): Record<string, unknown> {
  return {
    name: status.name,
    version: status.version,
    description: status.description,
    mandatory: status.mandatory,
    depends_on: status.dependsOn,
    permissions: status.permissions,
    state: status.state,
    refused_reason: status.refusedReason,
  };
}
