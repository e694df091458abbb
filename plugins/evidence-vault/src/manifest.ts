import type { PluginManifest } from '@centinela/core';

export const manifest: PluginManifest = {
  name: 'evidence-vault',
  version: '0.1.0',
  description: 'Exports clips and snapshots as evidence with SHA-256, a signed manifest and a chain of custody.',
  dependsOn: ['frigate-events'],
  mandatory: false,
  defaultEnabled: true,
  permissions: [
    { name: 'evidence:export', description: 'Export a clip or snapshot as evidence.', roles: ['SuperAdmin', 'Admin'] },
    { name: 'evidence:read', description: 'List, download and verify evidence.', roles: ['SuperAdmin', 'Admin'] },
  ],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      vault_dir: { type: 'string', minLength: 1, description: 'Folder of the vault; default <data>/vault.' },
      retain_in_frigate: { type: 'boolean', default: true, description: "Ask Frigate to retain exported events." },
    },
  },
  entities: [],
  migrations: [],
};
