import type { ConfigProblem } from './config-validator';
import type { EntitySchema, MikroORM } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/load';
import type { EventBus } from '../bus/event-bus';
import type { WebSocketHub } from '../ws/hub';
import type { MqttConnection } from '../mqtt/connection';
import type { ServiceRegistry } from './services';
import type { SiteDirectory } from '../sites/site-directory';
import type { HealthChecks } from '../http/health';

export type RoleName = 'SuperAdmin' | 'Admin' | 'ReadOnly';
export const ROLE_NAMES: readonly RoleName[] = ['SuperAdmin', 'Admin', 'ReadOnly'];

/** A permission a plugin defines, with the roles that hold it by default. */
export interface PermissionDefinition {
  name: string;
  description: string;
  roles: RoleName[];
}

export interface MigrationDefinition {
  /** Unique within the plugin; applied in list order. */
  name: string;
  class: new (...args: ConstructorParameters<typeof Migration>) => Migration;
}

/**
 * What a plugin declares about itself. The registry reads it before any plugin code runs:
 * dependencies order the start-up, permissions feed the role table, the config schema
 * validates every install and change, and the migrations create the plugin's own tables.
 */
export interface PluginManifest {
  name: string;
  version: string;
  description: string;
  /** Plugins that must be installed and enabled on a site before this one. */
  dependsOn: string[];
  permissions: PermissionDefinition[];
  /** Mandatory plugins (auth-mfa, rbac, audit) are installed everywhere and cannot be removed. */
  mandatory: boolean;
  /** Installed on new sites without being asked. */
  defaultEnabled?: boolean;
  /** JSON Schema of the per-site configuration; `default`s fill missing values. */
  configSchema: Record<string, unknown>;
  /** Names of config properties that hold secrets: never logged, never returned by the API. */
  secretConfigKeys?: string[];
  // The entity type parameter differs per plugin; `any` lets one list hold all of them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any>[];
  migrations: MigrationDefinition[];
}

/** What every plugin receives, once, when the registry loads it. */
export interface PluginContext {
  name: string;
  config: AppConfig;
  orm: MikroORM;
  bus: EventBus;
  hub: WebSocketHub;
  mqtt: MqttConnection;
  services: ServiceRegistry;
  sites: SiteDirectory;
  /** Readiness checks shown by GET /api/ready. */
  health: HealthChecks;
  log: Logger;
  /** Manifests of every loaded plugin, so the role table can grant each one's permissions. */
  manifests: readonly PluginManifest[];
  /**
   * True inside a one-off command (`centinela migrate`, `create-user` ...): nothing listens
   * and no job runs, so plugins skip first-start work meant for the server.
   */
  offline: boolean;
}

/** Context of a plugin running on one site. */
export interface SiteContext extends PluginContext {
  siteId: string;
  /** The plugin's validated configuration for this site. */
  pluginConfig: Record<string, unknown>;
}

/**
 * Background work (pollers, schedules, subscriptions) of a plugin on one site. The registry
 * starts it when the plugin is enabled on the site and stops it when the plugin is removed,
 * reconfigured or the server shuts down. `stop` must finish in-flight work or abandon it safely.
 */
export interface BackgroundJob {
  name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** Route options every plugin route must carry in `config`. */
export interface RouteSecurity {
  /** Permission the caller needs; 'authenticated' means any signed-in user. */
  permission?: string;
  /** Explicitly open to everyone (login, health, public key). */
  public?: boolean;
  /** Filled by the registry: which plugin owns the route. */
  plugin?: string;
}

export interface CentinelaPlugin {
  manifest: PluginManifest;
  /**
   * Create the plugin's services (shared with other plugins through the service registry)
   * before any route is registered. Runs once per process, in dependency order.
   */
  setup?(context: PluginContext): Promise<void> | void;
  /** Register routes under `/api` in the plugin's own encapsulated Fastify context. */
  routes?(app: FastifyInstance, context: PluginContext): Promise<void> | void;
  /** Background jobs for one site where the plugin is enabled. */
  jobs?(context: SiteContext): BackgroundJob[];
  /**
   * Checks a schema-valid config for what JSON Schema cannot express (a cron expression that
   * parses, a time zone that exists). Each problem rejects the install or change like a schema
   * error, with its field.
   */
  validateConfig?(config: Record<string, unknown>): ConfigProblem[];
  /** Called when a site's config changes while enabled, before jobs restart. */
  onConfigChange?(context: SiteContext): Promise<void> | void;
  /** Release process-wide resources at shutdown, after all jobs stopped. */
  close?(): Promise<void> | void;
}
