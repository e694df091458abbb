import type { FastifyRequest } from 'fastify';
import { CORE_PERMISSIONS } from '../../../src/plugins/core-permissions';
import type { CentinelaPlugin, RoleName } from '../../../src/plugins/manifest';
import type { Principal } from '../../../src/http/security';

export const SUPER_ADMIN = { 'x-test-role': 'SuperAdmin' };

/**
 * Builds an authenticator plugin that trusts `x-test-role` and grants each role the permissions the core and
 * `plugins` define for it, so fault tests can load the plugins they need without auth-mfa.
 */
export function headerAuthFor(plugins: CentinelaPlugin[]): CentinelaPlugin {
  const grants = [...CORE_PERMISSIONS, ...plugins.flatMap((plugin) => plugin.manifest.permissions)];
  return {
    manifest: {
      name: 'fault-header-auth',
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
          const role = request.headers['x-test-role'];
          if (role !== 'SuperAdmin' && role !== 'Admin' && role !== 'ReadOnly') return null;
          return {
            userId: `user-${role}`,
            email: `${role.toLowerCase()}@test.local`,
            role,
            cameraScope: null,
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
          grants.filter((grant) => grant.roles.includes(role)).map((grant) => grant.name),
      });
    },
  };
}
