import { EntitySchema } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../src/http/security';
import type { CentinelaPlugin, PermissionDefinition, RoleName } from '../../src/plugins/manifest';
import { CORE_PERMISSIONS } from '../../src/plugins/core-permissions';

/**
 * Plugins that exist only for the core's tests: an authenticator that trusts a test header,
 * a plugin with a table, routes, config and a job, one that depends on it, and one whose
 * route declares no permission.
 */

const NOTE_PERMISSIONS: PermissionDefinition[] = [
  { name: 'notes:read', description: 'Read notes.', roles: ['SuperAdmin', 'Admin', 'ReadOnly'] },
  { name: 'notes:write', description: 'Write notes.', roles: ['SuperAdmin', 'Admin'] },
];

export const headerAuthPlugin: CentinelaPlugin = {
  manifest: {
    name: 'header-auth',
    version: '1.0.0',
    description: 'Trusts X-Test-Role, X-Test-User and X-Test-Cameras (tests only).',
    dependsOn: [],
    permissions: [],
    mandatory: true,
    configSchema: { type: 'object' },
    entities: [],
    migrations: [],
  },
  setup(context) {
    // Grants follow each loaded plugin's manifest, as the rbac plugin's role table does.
    const grants = [
      ...CORE_PERMISSIONS,
      ...NOTE_PERMISSIONS,
      ...context.manifests.flatMap((m) => m.permissions),
    ];
    context.services.provide('authenticator', {
      async authenticate(request: FastifyRequest): Promise<Principal | null> {
        const role = request.headers['x-test-role'];
        if (role !== 'SuperAdmin' && role !== 'Admin' && role !== 'ReadOnly') return null;
        // x-test-cameras: comma-separated camera ids of the scope; absent means every camera.
        const cameras = request.headers['x-test-cameras'];
        const user = request.headers['x-test-user'];
        return {
          userId: typeof user === 'string' ? user : `user-${role}`,
          email: `${role.toLowerCase()}@test.local`,
          role,
          cameraScope:
            typeof cameras === 'string' ? cameras.split(',').filter((id) => id !== '') : null,
          sessionId: null,
          via: 'bearer',
          mustChangePassword: false,
        };
      },
      isActive: async () => true,
    });
    context.services.provide('authorizer', {
      can: (principal, permission) =>
        grants.some((grant) => grant.name === permission && grant.roles.includes(principal.role)),
      permissionsOf: (role: RoleName) =>
        grants.filter((g) => g.roles.includes(role)).map((g) => g.name),
    });
  },
};

export interface Note {
  id: number;
  siteId: string;
  text: string;
}

export const NoteSchema = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'test_notes',
  properties: {
    id: { type: 'number', primary: true, autoincrement: true },
    siteId: { type: 'string', fieldName: 'site_id' },
    text: { type: 'string' },
  },
});

class CreateNotes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table test_notes (id serial primary key, site_id text not null, text text not null)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table test_notes');
  }
}

/** Counts job starts and stops per site, so tests can see the lifecycle. */
export const noteJobLog: Array<{ siteId: string; event: 'start' | 'stop' }> = [];

export const notesPlugin: CentinelaPlugin = {
  manifest: {
    name: 'notes',
    version: '1.0.0',
    description: 'Notes per site (tests only).',
    dependsOn: [],
    permissions: NOTE_PERMISSIONS,
    mandatory: false,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        greeting: { type: 'string', minLength: 1, default: 'hola' },
        max_notes: { type: 'integer', minimum: 1, default: 10 },
        api_token: { type: 'string', default: '' },
        time_zone: { type: 'string', default: 'UTC' },
      },
    },
    secretConfigKeys: ['api_token'],
    entities: [NoteSchema],
    migrations: [{ name: 'notes-0001-create', class: CreateNotes }],
  },
  validateConfig(config) {
    const zone = String(config.time_zone);
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return [];
    } catch {
      return [{ field: 'config.time_zone', reason: `is not a known IANA time zone: ${zone}` }];
    }
  },
  routes(app, context) {
    app.get('/notes', { config: { permission: 'notes:read' } }, async (request) => {
      const notes = await context.orm.em
        .fork()
        .find(NoteSchema, { siteId: request.siteId }, { orderBy: { id: 'asc' } });
      const greeting = context.sites.pluginState(request.siteId, 'notes')?.config.greeting;
      return { greeting, items: notes.map((n) => ({ id: n.id, text: n.text })), next_cursor: null };
    });
    app.post<{ Body: { text: string } }>(
      '/notes',
      {
        config: { permission: 'notes:write' },
        schema: {
          body: {
            type: 'object',
            required: ['text'],
            properties: { text: { type: 'string', minLength: 1 } },
          },
        },
      },
      async (request, reply) => {
        const em = context.orm.em.fork();
        const note = em.create(NoteSchema, { siteId: request.siteId, text: request.body.text });
        await em.flush();
        return reply.code(201).send({ id: note.id, text: note.text });
      },
    );
    app.get<{ Querystring: { ms: number } }>(
      '/notes/slow',
      {
        config: { permission: 'notes:read' },
        schema: { querystring: { type: 'object', properties: { ms: { type: 'integer' } } } },
      },
      async (request) => {
        await new Promise((resolve) => setTimeout(resolve, request.query.ms ?? 300));
        return { done: true };
      },
    );
  },
  jobs(context) {
    return [
      {
        name: 'note-ticker',
        start: () => {
          noteJobLog.push({ siteId: context.siteId, event: 'start' });
        },
        stop: () => {
          noteJobLog.push({ siteId: context.siteId, event: 'stop' });
        },
      },
    ];
  },
};

export const noteSummaryPlugin: CentinelaPlugin = {
  manifest: {
    name: 'note-summary',
    version: '1.0.0',
    description: 'Depends on notes (tests only).',
    dependsOn: ['notes'],
    permissions: [],
    mandatory: false,
    configSchema: { type: 'object' },
    entities: [],
    migrations: [],
  },
  routes(app) {
    app.get('/note-summary', { config: { permission: 'notes:read' } }, async () => ({ ok: true }));
  },
};

export const openRoutePlugin: CentinelaPlugin = {
  manifest: {
    name: 'open-route',
    version: '1.0.0',
    description: 'Declares a route without a permission (tests only).',
    dependsOn: [],
    permissions: [],
    mandatory: false,
    configSchema: { type: 'object' },
    entities: [],
    migrations: [],
  },
  routes(app) {
    app.get('/open-route/items', async () => ({ leaked: true }));
  },
};
