import type { PluginManifest } from '@centinela/core';

export const USERS_PERMISSION = 'users:manage';

export const manifest: PluginManifest = {
  name: 'rbac',
  version: '0.1.0',
  description: 'Roles and permissions, camera scopes, and user administration.',
  dependsOn: ['auth-mfa'],
  mandatory: true,
  permissions: [
    {
      name: USERS_PERMISSION,
      description: 'List, create and change users, roles and camera scopes; reset passwords.',
      roles: ['SuperAdmin'],
    },
  ],
  configSchema: { type: 'object', additionalProperties: false, properties: {} },
  entities: [],
  migrations: [],
};
