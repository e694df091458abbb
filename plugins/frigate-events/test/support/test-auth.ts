import {
  CORE_PERMISSIONS,
  type CentinelaPlugin,
  type Principal,
  type RoleName,
} from '@centinela/core';
import type { FastifyRequest } from 'fastify';
import { manifest } from '../../src/manifest';

/**
 * Test authenticator: trusts `x-test-role` (SuperAdmin, Admin, ReadOnly) and
 * `x-test-cameras` (comma-separated camera ids; absent means every camera), and grants the
 * roles listed in the core's and this plugin's permission definitions.
 */
export const testAuthPlugin: CentinelaPlugin = {
  manifest: {
    name: 'test-auth',
    version: '1.0.0',
    description: 'Trusts X-Test-Role and X-Test-Cameras (tests only).',
    dependsOn: [],
    permissions: [],
    mandatory: true,
    configSchema: { type: 'object' },
    entities: [],
    migrations: [],
  },
  setup(context) {
    const grants = [...CORE_PERMISSIONS, ...manifest.permissions];
    const fromHeaders = (
      headers: Record<string, string | string[] | undefined>,
    ): Principal | null => {
      const role = headers['x-test-role'];
      if (role !== 'SuperAdmin' && role !== 'Admin' && role !== 'ReadOnly') return null;
      const cameras = headers['x-test-cameras'];
      return {
        userId: `user-${role}`,
        email: `${role.toLowerCase()}@test.local`,
        role,
        cameraScope:
          typeof cameras === 'string' ? cameras.split(',').filter((id) => id !== '') : null,
        sessionId: null,
        via: 'bearer',
        mustChangePassword: false,
      };
    };
    context.services.provide('authenticator', {
      authenticate: async (request: FastifyRequest) => fromHeaders(request.headers),
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
