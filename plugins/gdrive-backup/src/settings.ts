import { join, resolve } from 'node:path';
import type { AppConfig } from '@centinela/core';
import { remoteEnv, type DayMode, type RcloneSettings } from './engine';

/** The plugin's configuration of one site as stored (validated against config-schema.ts). */
export interface GdriveBackupConfig {
  remote: string;
  path: string;
  crypt: boolean;
  retention_days: number;
  evidence_retention_days: number | null;
  include: { recordings?: boolean; clips?: boolean; evidence?: boolean };
  events_only: boolean;
  day_mode: DayMode;
  bandwidth_limit: string;
  schedule: string;
  rclone_config_pass: string;
  rclone_config_path: string;
  rclone_binary: string;
  local_remote_dir: string;
  media_dir: string;
  vault_dir: string;
}

/** Remote name that means "a local folder standing in for Drive". */
export const LOCAL_REMOTE = 'local';
export const DEFAULT_SCHEDULE = '10 2 * * *';

/** Everything a run of one site needs, with defaults filled in. */
export interface BackupSettings {
  remote: string;
  path: string;
  crypt: boolean;
  retentionDays: number;
  evidenceRetentionDays: number | null;
  include: { recordings: boolean; clips: boolean; evidence: boolean };
  eventsOnly: boolean;
  dayMode: DayMode;
  schedule: string;
  timezone: string;
  /** Null when neither the setting nor FRIGATE_MEDIA_DIR names a folder. */
  mediaDir: string | null;
  vaultDir: string;
  /** Folder behind the `local` remote, or null for any other remote. */
  localRemoteDir: string | null;
  rclone: RcloneSettings;
}

/**
 * Fills the defaults that depend on the environment and the data folder. Keys missing from
 * a configuration stored by an older version fall back to the schema defaults.
 */
export function resolveSettings(
  stored: Record<string, unknown>,
  app: AppConfig,
  timezone: string,
  env: NodeJS.ProcessEnv = process.env,
): BackupSettings {
  const config = stored as Partial<GdriveBackupConfig>;
  const remote = config.remote || LOCAL_REMOTE;
  const localRemoteDir =
    remote === LOCAL_REMOTE
      ? resolve(config.local_remote_dir || join(app.dataDir, 'backup-remote'))
      : null;
  const configPass = config.rclone_config_pass || undefined;

  const rclone: RcloneSettings = {
    binary: config.rclone_binary || env.RCLONE_BINARY || 'rclone',
    configPath:
      config.rclone_config_path || env.RCLONE_CONFIG || join(app.dataDir, 'rclone', 'rclone.conf'),
    env:
      localRemoteDir === null ? {} : remoteEnv(LOCAL_REMOTE, 'alias', { remote: localRemoteDir }),
  };
  if (configPass !== undefined) {
    rclone.configPass = configPass;
    rclone.secrets = [configPass];
  }
  if (config.bandwidth_limit) rclone.bwlimit = config.bandwidth_limit;

  const mediaDir = config.media_dir || app.frigateMediaDir;
  return {
    remote,
    path: config.path ?? 'centinela',
    crypt: config.crypt ?? false,
    retentionDays: config.retention_days ?? 30,
    evidenceRetentionDays: config.evidence_retention_days ?? null,
    include: {
      recordings: config.include?.recordings ?? true,
      clips: config.include?.clips ?? true,
      evidence: config.include?.evidence ?? true,
    },
    eventsOnly: config.events_only ?? false,
    dayMode: config.day_mode ?? 'utc-day',
    schedule: config.schedule || DEFAULT_SCHEDULE,
    timezone,
    mediaDir: mediaDir ? resolve(mediaDir) : null,
    vaultDir: resolve(config.vault_dir || join(app.dataDir, 'vault')),
    localRemoteDir,
    rclone,
  };
}
