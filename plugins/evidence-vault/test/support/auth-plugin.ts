import type { FastifyRequest } from 'fastify';
import {
  CORE_PERMISSIONS,
  type CentinelaPlugin,
  type PermissionDefinition,
  type Principal,
  type RoleName,
} from '@centinela/core';
import { manifest as auditManifest } from '@centinela/plugin-audit';
import { manifest as frigateEventsManifest } from '@centinela/plugin-frigate-events';
import { manifest as evidenceManifest } from '../../src/manifest';

function isRole(value: unknown): value is RoleName {
  return value === 'SuperAdmin' || value === 'Admin' || value === 'ReadOnly';
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Trusts test headers (tests only): `x-test-role` picks the role, `x-test-user` the user id
 * (default `user-<role>`), and `x-test-cameras` a comma-separated camera scope. Grants the
 * permissions of the core, the audit log, frigate-events, the evidence vault and `extra` by
 * their default roles.
 */
export function createTestAuthPlugin(extra: PermissionDefinition[] = []): CentinelaPlugin {
  const grants = [
    ...CORE_PERMISSIONS,
    ...auditManifest.permissions,
    ...frigateEventsManifest.permissions,
    ...evidenceManifest.permissions,
    ...extra,
  ];
  return {
    manifest: {
      name: 'test-auth',
      version: '1.0.0',
      description: 'Trusts X-Test-Role (tests only).',
      dependsOn: [],
      permissions: [],
      mandatory: true,
      configSchema: { type: 'object' },
      entities: [],
      migrations: [],
    },
    setup(context) {
      context.services.provide('authenticator', {
        async authenticate(request: FastifyRequest): Promise<Principal | null> {
          const role = header(request, 'x-test-role');
          if (!isRole(role)) return null;
          const userId = header(request, 'x-test-user') ?? `user-${role}`;
          const cameras = header(request, 'x-test-cameras');
          return {
            userId,
            email: `${userId}@test.local`,
            role,
            cameraScope: cameras === undefined ? null : cameras.split(',').filter(Boolean),
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
        permissionsOf: (role) =>
          grants.filter((grant) => grant.roles.includes(role)).map((grant) => grant.name),
      });
    },
  };
}

export const testAuthPlugin = createTestAuthPlugin();
