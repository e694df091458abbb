import type { PluginManifest } from '@centinela/core';
import { AUDIT_MIGRATIONS } from './migrations';

export const AUDIT_PERMISSION = 'audit:read';

export const manifest: PluginManifest = {
  name: 'audit',
  version: '0.1.0',
  description:
    'Append-only, hash-chained audit log of logins, account changes, plugin changes, refusals and plugin actions.',
  dependsOn: [],
  mandatory: true,
  permissions: [
    {
      name: AUDIT_PERMISSION,
      description: 'Read and verify the audit log.',
      roles: ['SuperAdmin'],
    },
  ],
  configSchema: { type: 'object', additionalProperties: false, properties: {} },
  entities: [],
  migrations: AUDIT_MIGRATIONS,
};
