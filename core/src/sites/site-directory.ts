import type { MikroORM } from '@mikro-orm/core';
import { SitePluginSchema, SiteSchema, TenantSchema, type Site, type SitePlugin } from '../db/core-entities';

export interface SiteRecord {
  id: string;
  name: string;
  timezone: string;
  frigateUrl: string | null;
  mqttPrefix: string;
}

export interface SitePluginRecord {
  siteId: string;
  plugin: string;
  enabled: boolean;
  config: Record<string, unknown>;
  installedAt: Date;
  updatedAt: Date;
}

/**
 * Sites and which plugins each has enabled. Reads go to an in-memory copy so that the
 * per-request plugin gate costs nothing; every write goes to the database first.
 */
// TODO: with several core instances, refresh this copy on PostgreSQL LISTEN/NOTIFY; today a
// change made through one instance reaches the others only at their next start.
export class SiteDirectory {
  private readonly sites = new Map<string, SiteRecord>();
  private readonly plugins = new Map<string, SitePluginRecord>();
  private defaultId: string | null = null;

  constructor(private readonly orm: MikroORM) {}

  async load(): Promise<void> {
    const em = this.orm.em.fork();
    const sites = await em.find(SiteSchema, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
    this.sites.clear();
    for (const site of sites) this.sites.set(site.id, toSiteRecord(site));
    this.defaultId = sites[0]?.id ?? null;
    const rows = await em.find(SitePluginSchema, {});
    this.plugins.clear();
    for (const row of rows) this.plugins.set(key(row.site.id, row.plugin), toPluginRecord(row));
  }

  /** Create the first tenant and site when the database has none. */
  async ensureFirstSite(site: { id: string; timezone: string; frigateUrl: string | null }): Promise<boolean> {
    if (this.sites.size > 0) return false;
    const em = this.orm.em.fork();
    const tenant = em.create(TenantSchema, { id: 'default', name: 'Default', createdAt: new Date() });
    em.create(SiteSchema, {
      id: site.id,
      tenant,
      name: site.id,
      timezone: site.timezone,
      frigateUrl: site.frigateUrl,
      mqttPrefix: `centinela/${site.id}`,
      createdAt: new Date(),
    });
    await em.flush();
    await this.load();
    return true;
  }

  get defaultSiteId(): string {
    if (this.defaultId === null) throw new Error('No site exists yet; start the server once to create one.');
    return this.defaultId;
  }

  list(): SiteRecord[] {
    return [...this.sites.values()];
  }

  get(id: string): SiteRecord | undefined {
    return this.sites.get(id);
  }

  isEnabled(siteId: string, plugin: string): boolean {
    return this.plugins.get(key(siteId, plugin))?.enabled === true;
  }

  pluginState(siteId: string, plugin: string): SitePluginRecord | undefined {
    return this.plugins.get(key(siteId, plugin));
  }

  /** Sites on which `plugin` is enabled. */
  sitesWith(plugin: string): string[] {
    return [...this.plugins.values()].filter((p) => p.plugin === plugin && p.enabled).map((p) => p.siteId);
  }

  pluginsOf(siteId: string): SitePluginRecord[] {
    return [...this.plugins.values()].filter((p) => p.siteId === siteId);
  }

  async savePlugin(siteId: string, plugin: string, enabled: boolean, config: Record<string, unknown>): Promise<SitePluginRecord> {
    const em = this.orm.em.fork();
    const site = em.getReference(SiteSchema, siteId);
    const existing = await em.findOne(SitePluginSchema, { site: siteId, plugin });
    if (existing === null) {
      em.create(SitePluginSchema, { site, plugin, enabled, config, installedAt: new Date(), updatedAt: new Date() });
    } else {
      existing.enabled = enabled;
      existing.config = config;
      existing.updatedAt = new Date();
    }
    await em.flush();
    const saved = await em.findOneOrFail(SitePluginSchema, { site: siteId, plugin });
    const record = toPluginRecord(saved);
    this.plugins.set(key(siteId, plugin), record);
    return record;
  }

  async deletePlugin(siteId: string, plugin: string): Promise<void> {
    const em = this.orm.em.fork();
    await em.nativeDelete(SitePluginSchema, { site: siteId, plugin });
    this.plugins.delete(key(siteId, plugin));
  }
}

function key(siteId: string, plugin: string): string {
  return `${siteId}\u0000${plugin}`;
}

function toSiteRecord(site: Site): SiteRecord {
  return {
    id: site.id,
    name: site.name,
    timezone: site.timezone,
    frigateUrl: site.frigateUrl,
    mqttPrefix: site.mqttPrefix,
  };
}

function toPluginRecord(row: SitePlugin): SitePluginRecord {
  return {
    siteId: row.site.id,
    plugin: row.plugin,
    enabled: row.enabled,
    config: row.config,
    installedAt: row.installedAt,
    updatedAt: row.updatedAt,
  };
}
