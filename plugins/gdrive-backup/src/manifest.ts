import type { PluginManifest } from '@centinela/core';
import { configSchema } from './config-schema';
import { BACKUP_ENTITIES } from './db/entities';
import { BACKUP_MIGRATIONS } from './db/migrations';

export const PLUGIN_NAME = 'gdrive-backup';

export const manifest: PluginManifest = {
  name: PLUGIN_NAME,
  version: '0.1.0',
  description:
    'Nightly copy of recordings, clips and evidence to Google Drive (rclone, crypt), checked, with remote retention.',
  dependsOn: [],
  mandatory: false,
  defaultEnabled: false,
  permissions: [
    {
      name: 'backups:read',
      description: 'Read backup runs and the storage forecast.',
      roles: ['SuperAdmin', 'Admin'],
    },
    { name: 'backups:run', description: 'Start a backup run or a dry run.', roles: ['SuperAdmin'] },
  ],
  secretConfigKeys: ['rclone_config_pass'],
  configSchema,
  entities: BACKUP_ENTITIES,
  migrations: BACKUP_MIGRATIONS,
};
