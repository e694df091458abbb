import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { ChangeOptions } from '../plugins/registry';
import type { SitePluginRecord } from '../sites/site-directory';
import type { AppConfig } from './load';

/**
 * Settings that belong to a plugin's per-site configuration but can also be given as an
 * environment variable or an add-on option, such as the backup remote and schedule. `config`
 * holds only the keys those settings set; they are merged over the stored config.
 */
export interface PluginSeed {
  plugin: string;
  config: Record<string, unknown>;
  /** Install the plugin when it is not enabled on the site; otherwise wait until it is. */
  install: boolean;
}

/** Name of the file in the data folder that records which seeds were applied. */
export const APPLIED_SEEDS_FILE = 'applied-plugin-seeds.json';

/** Build the plugin seeds that the configuration sets; settings left unset add nothing. */
export function pluginSeeds(config: AppConfig): PluginSeed[] {
  // CENTINELA_INGRESS_ROLE_MAP is not a seed: the auth-mfa plugin reads it on every request,
  // after the rules of each site's own ingress_role_map.
  const seeds: PluginSeed[] = [];
  const backup: Record<string, unknown> = {};
  if (config.backupRemote !== undefined) {
    const { remote, path } = splitRemote(config.backupRemote);
    backup.remote = remote;
    if (path !== undefined) backup.path = path;
  }
  if (config.backupSchedule !== undefined) backup.schedule = config.backupSchedule;
  if (config.backupRetentionDays !== undefined) backup.retention_days = config.backupRetentionDays;
  if (Object.keys(backup).length > 0) {
    // A schedule or a retention alone names no backup target, so it does not install the plugin.
    seeds.push({
      plugin: 'gdrive-backup',
      config: backup,
      install: config.backupRemote !== undefined,
    });
  }
  return seeds;
}

/** Split rclone's `remote:folder` notation; an empty folder means the plugin's default. */
export function splitRemote(value: string): { remote: string; path: string | undefined } {
  const colon = value.indexOf(':');
  if (colon < 0) return { remote: value, path: undefined };
  const path = value.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  return { remote: value.slice(0, colon), path: path === '' ? undefined : path };
}

/** The parts of the plugin registry and site directory that seeding uses. */
export interface SeedTargets {
  registry: {
    isLoaded(name: string): boolean;
    install(siteId: string, name: string, config: unknown, options: ChangeOptions): Promise<void>;
  };
  sites: {
    isEnabled(siteId: string, plugin: string): boolean;
    pluginState(siteId: string, plugin: string): SitePluginRecord | undefined;
  };
}

export type SeedOutcome = 'applied' | 'unchanged' | 'waiting' | 'not-loaded' | 'failed';

/**
 * Apply each seed whose value changed since it was last applied: merge its keys over the
 * plugin's stored config on `siteId` and install (or reconfigure) the plugin through the
 * registry, which validates, audits and restarts its jobs. An unchanged seed is skipped, so a
 * change made later in the portal stays until the setting itself changes. A seed for a plugin
 * that is not enabled waits until the plugin is installed, unless the seed installs it.
 *
 * Run it after the registry has started the plugins' jobs, because installing restarts them.
 */
export async function applyPluginSeeds(options: {
  targets: SeedTargets;
  siteId: string;
  seeds: PluginSeed[];
  /** JSON file recording a fingerprint per applied seed, kept in the data folder. */
  stateFile: string;
  log: Logger;
}): Promise<Record<string, SeedOutcome>> {
  const { targets, siteId, log } = options;
  const applied = readApplied(options.stateFile, log);
  const outcomes: Record<string, SeedOutcome> = {};

  for (const seed of options.seeds) {
    const key = `${siteId}/${seed.plugin}`;
    const fingerprint = fingerprintOf(seed);
    if (applied[key] === fingerprint) {
      outcomes[seed.plugin] = 'unchanged';
      continue;
    }
    if (!targets.registry.isLoaded(seed.plugin)) {
      log.warn({ plugin: seed.plugin }, 'plugin setting ignored: the plugin is not loaded');
      outcomes[seed.plugin] = 'not-loaded';
      continue;
    }
    if (!targets.sites.isEnabled(siteId, seed.plugin) && !seed.install) {
      outcomes[seed.plugin] = 'waiting';
      continue;
    }

    const stored = targets.sites.pluginState(siteId, seed.plugin)?.config ?? {};
    try {
      await targets.registry.install(
        siteId,
        seed.plugin,
        { ...stored, ...seed.config },
        { actor: SEED_ACTOR },
      );
    } catch (error) {
      // Not recorded, so the next start tries again; the message names the invalid field.
      log.error({ err: error, plugin: seed.plugin, siteId }, 'applying plugin settings failed');
      outcomes[seed.plugin] = 'failed';
      continue;
    }
    applied[key] = fingerprint;
    writeApplied(options.stateFile, applied);
    log.info(
      { plugin: seed.plugin, siteId, keys: Object.keys(seed.config) },
      'plugin settings applied',
    );
    outcomes[seed.plugin] = 'applied';
  }
  return outcomes;
}

/** The audit log shows seeded changes as made by the system, with no user or address. */
const SEED_ACTOR = { id: null, address: null, userAgent: null };

function fingerprintOf(seed: PluginSeed): string {
  // A hash, so that the state file contains no secret values.
  return createHash('sha256')
    .update(JSON.stringify([seed.config, seed.install]))
    .digest('hex');
}

function readApplied(path: string, log: Logger): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, string>;
    }
  } catch (error) {
    log.warn(
      { err: error, path },
      'unreadable seed state file, applying every plugin setting again',
    );
  }
  return {};
}

function writeApplied(path: string, applied: Record<string, string>): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write and rename, so that a crash never leaves half a file behind.
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(applied, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
