import type { PluginManifest } from '@centinela/core';
import { EVIDENCE_ENTITIES } from './db/entities';
import { EVIDENCE_MIGRATIONS } from './db/migrations';

export const PLUGIN_NAME = 'evidence-vault';

export const manifest: PluginManifest = {
  name: PLUGIN_NAME,
  version: '0.1.0',
  description:
    'Exports clips and snapshots as evidence with SHA-256, a signed manifest and a chain of custody.',
  dependsOn: ['frigate-events'],
  mandatory: false,
  defaultEnabled: true,
  permissions: [
    {
      name: 'evidence:export',
      description: 'Export a clip or snapshot as evidence.',
      roles: ['SuperAdmin', 'Admin'],
    },
    {
      name: 'evidence:read',
      description: 'List, download and verify evidence.',
      roles: ['SuperAdmin', 'Admin'],
    },
  ],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      vault_dir: {
        type: 'string',
        minLength: 1,
        description:
          'Folder of the vault, absolute or relative to the data folder; default <data>/vault.',
      },
      retain_in_frigate: {
        type: 'boolean',
        default: true,
        description: 'Ask Frigate to retain exported events.',
      },
    },
  },
  entities: EVIDENCE_ENTITIES,
  migrations: EVIDENCE_MIGRATIONS,
};
