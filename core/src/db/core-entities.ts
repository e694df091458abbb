import { EntitySchema } from '@mikro-orm/core';

export interface Tenant {
  id: string;
  name: string;
  createdAt: Date;
}

export interface Site {
  id: string;
  tenant: Tenant;
  name: string;
  timezone: string;
  frigateUrl: string | null;
  mqttPrefix: string;
  createdAt: Date;
}

/** Enabled state and configuration of one plugin on one site. */
export interface SitePlugin {
  site: Site;
  plugin: string;
  enabled: boolean;
  config: Record<string, unknown>;
  installedAt: Date;
  updatedAt: Date;
}

export const TenantSchema = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    id: { type: 'string', primary: true, length: 40 },
    name: { type: 'string' },
    createdAt: { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() },
  },
});

export const SiteSchema = new EntitySchema<Site>({
  name: 'Site',
  tableName: 'sites',
  properties: {
    id: { type: 'string', primary: true, length: 40 },
    tenant: { kind: 'm:1', entity: () => TenantSchema, fieldName: 'tenant_id' },
    name: { type: 'string' },
    timezone: { type: 'string' },
    frigateUrl: { type: 'string', nullable: true, fieldName: 'frigate_url' },
    mqttPrefix: { type: 'string', fieldName: 'mqtt_prefix' },
    createdAt: { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() },
  },
});

export const SitePluginSchema = new EntitySchema<SitePlugin>({
  name: 'SitePlugin',
  tableName: 'site_plugins',
  properties: {
    site: { kind: 'm:1', entity: () => SiteSchema, primary: true, fieldName: 'site_id' },
    plugin: { type: 'string', primary: true, length: 64 },
    enabled: { type: 'boolean' },
    config: { type: 'json' },
    installedAt: { type: 'Date', fieldName: 'installed_at', onCreate: () => new Date() },
    updatedAt: {
      type: 'Date',
      fieldName: 'updated_at',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
  },
});

export const CORE_ENTITIES = [TenantSchema, SiteSchema, SitePluginSchema];
