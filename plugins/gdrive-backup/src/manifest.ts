import type { PluginManifest } from '@centinela/core';

export const manifest: PluginManifest = {
  name: 'gdrive-backup',
  version: '0.1.0',
  description: 'Nightly copy of recordings, clips and evidence to Google Drive (rclone, crypt), checked, with remote retention.',
  dependsOn: [],
  mandatory: false,
  defaultEnabled: false,
  permissions: [
    { name: 'backups:read', description: 'Read backup runs and the storage forecast.', roles: ['SuperAdmin', 'Admin'] },
    { name: 'backups:run', description: 'Start a backup run or a dry run.', roles: ['SuperAdmin'] },
  ],
  secretConfigKeys: ['rclone_config_pass'],
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      remote: { type: 'string', default: 'local', pattern: '^[A-Za-z0-9_.-]+$', description: 'rclone remote name; "local" uses a folder standing in for Drive.' },
      path: { type: 'string', default: 'centinela', maxLength: 500 },
      crypt: { type: 'boolean', default: false },
      retention_days: { type: 'integer', minimum: 1, maximum: 3650, default: 30 },
      evidence_retention_days: { type: ['integer', 'null'], minimum: 1, default: null },
      include: {
        type: 'object',
        additionalProperties: false,
        default: {},
        properties: {
          recordings: { type: 'boolean', default: true },
          clips: { type: 'boolean', default: true },
          evidence: { type: 'boolean', default: true },
        },
      },
      events_only: { type: 'boolean', default: false },
      day_mode: { type: 'string', enum: ['utc-day', 'local-day'], default: 'utc-day' },
      bandwidth_limit: { type: 'string', pattern: '^[0-9]+[KMG]?$|^$', default: '' },
      schedule: { type: 'string', default: '10 2 * * *', maxLength: 100 },
      rclone_config_pass: { type: 'string', default: '' },
    },
  },
  entities: [],
  migrations: [],
};
