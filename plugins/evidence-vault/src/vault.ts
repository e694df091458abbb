import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { SiteDirectory } from '@centinela/core';
import {
  FilesystemVaultStorage,
  loadOrCreateEvidenceKey,
  type EvidenceKeyPair,
  type VaultStorage,
} from './engine';
import { PLUGIN_NAME } from './manifest';

/** The plugin's settings on one site, after defaults. */
export interface VaultSettings {
  /** Absolute folder of the vault. */
  vaultDir: string;
  retainInFrigate: boolean;
}

/**
 * The site key and the vault storages of this process. One storage per vault folder, shared
 * by the sites that use it; export ids are UUIDs, so sites never collide in a shared folder.
 */
export class EvidenceVault {
  private readonly storages = new Map<string, FilesystemVaultStorage>();

  private constructor(
    readonly key: EvidenceKeyPair,
    private readonly dataDir: string,
    private readonly sites: SiteDirectory,
  ) {}

  /** Loads or creates the signing key under `<dataDir>/keys/`. */
  static async open(dataDir: string, sites: SiteDirectory): Promise<EvidenceVault> {
    const key = await loadOrCreateEvidenceKey(dataDir);
    return new EvidenceVault(key, dataDir, sites);
  }

  get defaultVaultDir(): string {
    return join(this.dataDir, 'vault');
  }

  settings(siteId: string): VaultSettings {
    const config = this.sites.pluginState(siteId, PLUGIN_NAME)?.config ?? {};
    const vaultDir = typeof config.vault_dir === 'string' ? config.vault_dir : '';
    return {
      vaultDir: vaultDir === '' ? this.defaultVaultDir : resolve(this.dataDir, vaultDir),
      retainInFrigate: config.retain_in_frigate !== false,
    };
  }

  storageFor(siteId: string): VaultStorage {
    return this.storageAt(this.settings(siteId).vaultDir);
  }

  /** Vault folders in use: the default one and those configured on any site. */
  vaultDirs(): string[] {
    const dirs = new Set([this.defaultVaultDir]);
    for (const site of this.sites.list()) {
      if (this.sites.pluginState(site.id, PLUGIN_NAME) !== undefined) {
        dirs.add(this.settings(site.id).vaultDir);
      }
    }
    return [...dirs];
  }

  /**
   * Removes temporary files that exports interrupted by a crash or kill left in each vault.
   * Runs at start, before this process opens any writer.
   */
  // NOTE: several server instances on one vault are not handled. A start would also remove
  // the temporary file of an export still running on another instance, so pass minAgeMs then.
  async cleanupPartials(log: Logger): Promise<void> {
    for (const dir of this.vaultDirs()) {
      try {
        const removed = await this.storageAt(dir).cleanupPartials();
        if (removed.length > 0) {
          log.warn({ vaultDir: dir, removed }, 'removed temporary files of interrupted exports');
        }
      } catch (error) {
        log.error({ err: error, vaultDir: dir }, 'failed to clean temporary files of the vault');
      }
    }
  }

  // TODO: an S3-compatible VaultStorage (a multipart upload as the writer, selected by plugin
  // config) for several server instances; only the local folder exists so far.
  private storageAt(dir: string): FilesystemVaultStorage {
    let storage = this.storages.get(dir);
    if (storage === undefined) {
      storage = new FilesystemVaultStorage(dir);
      this.storages.set(dir, storage);
    }
    return storage;
  }
}
