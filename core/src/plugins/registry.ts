import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Logger } from 'pino';
import type { ActorRef } from '../bus/event-bus';
import { CoreErrors } from '../errors/codes';
import { migrateDown, migrateUp } from '../db/migrations';
import { ConfigValidator } from './config-validator';
import { sortByDependencies } from './dependency-order';
import type { BackgroundJob, CentinelaPlugin, PluginContext, RouteSecurity, SiteContext } from './manifest';

/** How long a background job may take to stop before it is abandoned. */
const JOB_STOP_TIMEOUT_MS = 15_000;

/** Placeholder that API responses show in place of a secret config value. */
export const SECRET_MASK = '********';

export type PluginLoadState = 'loaded' | 'refused';

export interface PluginStatus {
  name: string;
  version: string;
  description: string;
  mandatory: boolean;
  dependsOn: string[];
  permissions: string[];
  state: PluginLoadState;
  refusedReason: string | null;
}

export interface ChangeOptions {
  actor: ActorRef;
}

/**
 * Loads plugins, registers their routes, and installs, reconfigures and removes them per
 * site at runtime. Fastify cannot remove routes once it is ready, so every known plugin's
 * routes are registered at start and a gate answers 404 for sites where the plugin is not
 * enabled; background jobs start and stop with the per-site state.
 */
export class PluginRegistry {
  readonly plugins: CentinelaPlugin[];
  private readonly byName = new Map<string, CentinelaPlugin>();
  private readonly refused = new Map<string, string>();
  private readonly validator = new ConfigValidator();
  private readonly running = new Map<string, BackgroundJob[]>();
  private readonly log: Logger;

  constructor(
    plugins: CentinelaPlugin[],
    private readonly context: Omit<PluginContext, 'name' | 'log' | 'manifests'> & { log: Logger },
  ) {
    this.plugins = sortByDependencies(plugins);
    this.log = context.log.child({ component: 'plugin-registry' });
    for (const plugin of this.plugins) {
      this.byName.set(plugin.manifest.name, plugin);
      this.validator.add(plugin.manifest.name, plugin.manifest.configSchema);
    }
  }

  get(name: string): CentinelaPlugin {
    const plugin = this.byName.get(name);
    if (plugin === undefined) throw CoreErrors.pluginUnknown(name);
    return plugin;
  }

  isLoaded(name: string): boolean {
    return this.byName.has(name) && !this.refused.has(name);
  }

  contextFor(name: string): PluginContext {
    return {
      ...this.context,
      name,
      log: this.context.log.child({ plugin: name }),
      manifests: this.plugins.map((plugin) => plugin.manifest),
    };
  }

  status(): PluginStatus[] {
    return this.plugins.map(({ manifest }) => ({
      name: manifest.name,
      version: manifest.version,
      description: manifest.description,
      mandatory: manifest.mandatory,
      dependsOn: manifest.dependsOn,
      permissions: manifest.permissions.map((p) => p.name),
      state: this.refused.has(manifest.name) ? 'refused' : 'loaded',
      refusedReason: this.refused.get(manifest.name) ?? null,
    }));
  }

  /** Run every plugin's `setup` in dependency order. */
  async setup(): Promise<void> {
    for (const plugin of this.plugins) await plugin.setup?.(this.contextFor(plugin.manifest.name));
  }

  /**
   * Register each plugin's routes under `/api` in its own encapsulated context. A route that
   * declares neither a permission nor `public: true` makes the registry refuse the plugin:
   * its routes stay unreachable (404) and it cannot be installed.
   */
  async registerRoutes(app: FastifyInstance): Promise<void> {
    for (const plugin of this.plugins) {
      const routes = plugin.routes;
      if (routes === undefined) continue;
      const name = plugin.manifest.name;
      await app.register(
        async (child) => {
          child.addHook('onRoute', (route: RouteOptions) => {
            const security = (route.config ?? {}) as RouteSecurity;
            route.config = { ...security, plugin: name };
            const declared = security.public === true || typeof security.permission === 'string';
            if (!declared && !this.refused.has(name)) {
              const reason = `route ${String(route.method)} ${route.url} declares neither a permission nor public: true`;
              this.refused.set(name, reason);
              this.log.error({ plugin: name, route: route.url }, 'plugin refused: %s', reason);
            }
          });
          await routes.call(plugin, child, this.contextFor(name));
        },
        { prefix: '/api' },
      );
    }
  }

  /** Whether requests to `plugin`'s routes are served for `siteId`. */
  isServed(siteId: string, plugin: string): boolean {
    return !this.refused.has(plugin) && this.context.sites.isEnabled(siteId, plugin);
  }

  /** Migrate the plugins that any site has installed, and install the mandatory ones. */
  async bootstrap(): Promise<void> {
    const { sites, orm } = this.context;
    for (const plugin of this.plugins) {
      const { manifest } = plugin;
      const installedSomewhere = sites.list().some((s) => sites.pluginState(s.id, manifest.name) !== undefined);
      if (installedSomewhere || manifest.mandatory || manifest.defaultEnabled === true) {
        await migrateUp(orm, manifest.name, manifest.migrations);
      }
    }
    for (const site of sites.list()) {
      for (const { manifest } of this.plugins) {
        if (this.refused.has(manifest.name)) continue;
        if (sites.pluginState(site.id, manifest.name) !== undefined) continue;
        if (!manifest.mandatory && manifest.defaultEnabled !== true) continue;
        const result = this.validator.validate(manifest.name, {});
        if ('problems' in result) continue;
        await sites.savePlugin(site.id, manifest.name, true, result.config);
        this.log.info({ siteId: site.id, plugin: manifest.name }, 'plugin installed at first start');
      }
    }
  }

  /** Install or reconfigure a plugin on a site; migrations run, jobs (re)start. */
  async install(siteId: string, name: string, config: unknown, options: ChangeOptions): Promise<void> {
    const plugin = this.get(name);
    const refusedReason = this.refused.get(name);
    if (refusedReason !== undefined) throw CoreErrors.pluginRefused(name, refusedReason);
    this.requireSite(siteId);
    const missing = plugin.manifest.dependsOn.filter((dep) => !this.context.sites.isEnabled(siteId, dep));
    if (missing.length > 0) {
      throw CoreErrors.pluginMissingDependency(name, missing, {
        fix: `Install ${missing.join(', ')} on site ${siteId} first.`,
        extensions: { missing },
      });
    }
    const result = this.validator.validate(name, this.keepStoredSecrets(siteId, name, config));
    const problems = 'problems' in result ? result.problems : (plugin.validateConfig?.(result.config) ?? []);
    if (problems.length > 0 || 'problems' in result) {
      const first = problems[0];
      throw CoreErrors.pluginConfigInvalid(name, problems.map((p) => `${p.field} ${p.reason}`).join('; '), {
        field: first?.field,
        fix: 'Correct the named field and send the configuration again; GET /api/plugins shows the schema.',
        extensions: { errors: problems },
      });
    }
    const wasEnabled = this.context.sites.isEnabled(siteId, name);
    await migrateUp(this.context.orm, name, plugin.manifest.migrations);
    await this.stopJobs(siteId, name);
    await this.context.sites.savePlugin(siteId, name, true, result.config);
    if (wasEnabled) await plugin.onConfigChange?.(this.siteContext(siteId, name));
    await this.startJobs(siteId, name);
    this.context.bus.publish('plugin.changed', {
      siteId,
      plugin: name,
      action: wasEnabled ? 'configure' : 'install',
      actor: options.actor,
      config: this.publicConfig(name, result.config),
    });
  }

  /**
   * Disable a plugin on a site at once (routes 404, jobs stop) and keep its data. With
   * `purge`, and only once no site has it enabled, its migrations are undone, which drops
   * its tables; `confirm` must repeat the plugin's name.
   */
  async remove(siteId: string, name: string, options: ChangeOptions & { purge?: boolean; confirm?: string }): Promise<void> {
    const plugin = this.get(name);
    this.requireSite(siteId);
    if (plugin.manifest.mandatory) throw CoreErrors.pluginMandatory(name);
    const dependents = this.plugins
      .filter((other) => other.manifest.dependsOn.includes(name))
      .map((other) => other.manifest.name)
      .filter((other) => this.context.sites.isEnabled(siteId, other));
    if (dependents.length > 0) {
      throw CoreErrors.pluginHasDependents(name, dependents, {
        fix: `Remove ${dependents.join(', ')} from site ${siteId} first.`,
        extensions: { dependents },
      });
    }
    if (options.purge === true && options.confirm !== name) throw CoreErrors.purgeNotConfirmed(name);

    await this.stopJobs(siteId, name);
    const state = this.context.sites.pluginState(siteId, name);
    if (state !== undefined) await this.context.sites.savePlugin(siteId, name, false, state.config);
    this.context.bus.publish('plugin.changed', { siteId, plugin: name, action: 'remove', actor: options.actor });

    if (options.purge === true) {
      const stillEnabled = this.context.sites.sitesWith(name);
      if (stillEnabled.length > 0) {
        throw CoreErrors.pluginHasDependents(name, stillEnabled.map((s) => `site ${s}`), {
          fix: 'Remove the plugin from every site before purging its data.',
        });
      }
      await migrateDown(this.context.orm, name, plugin.manifest.migrations);
      for (const site of this.context.sites.list()) await this.context.sites.deletePlugin(site.id, name);
      this.context.bus.publish('plugin.changed', { siteId, plugin: name, action: 'purge', actor: options.actor });
    }
  }

  /**
   * API responses mask secrets as `********`, so a client that edits a config sends the mask
   * back or leaves the secret out. Either way the stored value stays, so that saving a form
   * never replaces a password with the mask or the default. An empty string clears it.
   */
  private keepStoredSecrets(siteId: string, name: string, config: unknown): unknown {
    const secrets = this.get(name).manifest.secretConfigKeys ?? [];
    if (secrets.length === 0 || typeof config !== 'object' || config === null || Array.isArray(config)) return config;
    const stored = this.context.sites.pluginState(siteId, name)?.config ?? {};
    const merged: Record<string, unknown> = { ...(config as Record<string, unknown>) };
    for (const key of secrets) {
      if (merged[key] === SECRET_MASK || (merged[key] === undefined && stored[key] !== undefined)) {
        merged[key] = stored[key] ?? '';
      }
    }
    return merged;
  }

  /** Config of a plugin on a site with secret values replaced, for API responses. */
  publicConfig(name: string, config: Record<string, unknown>): Record<string, unknown> {
    const secrets = this.get(name).manifest.secretConfigKeys ?? [];
    const copy: Record<string, unknown> = { ...config };
    for (const key of secrets) if (copy[key] !== undefined && copy[key] !== '') copy[key] = SECRET_MASK;
    return copy;
  }

  async startAll(): Promise<void> {
    for (const site of this.context.sites.list()) {
      for (const plugin of this.plugins) {
        if (this.isServed(site.id, plugin.manifest.name)) await this.startJobs(site.id, plugin.manifest.name);
      }
    }
  }

  /** Stop every job (reverse dependency order), then let plugins release their resources. */
  async stopAll(): Promise<void> {
    for (const key of [...this.running.keys()].reverse()) {
      const [siteId, name] = key.split('\u0000') as [string, string];
      await this.stopJobs(siteId, name);
    }
    for (const plugin of [...this.plugins].reverse()) await plugin.close?.();
  }

  runningJobs(siteId: string, name: string): string[] {
    return (this.running.get(`${siteId}\u0000${name}`) ?? []).map((job) => job.name);
  }

  private siteContext(siteId: string, name: string): SiteContext {
    const state = this.context.sites.pluginState(siteId, name);
    const base = this.contextFor(name);
    return { ...base, siteId, pluginConfig: state?.config ?? {}, log: base.log.child({ siteId }) };
  }

  private async startJobs(siteId: string, name: string): Promise<void> {
    const plugin = this.get(name);
    if (plugin.jobs === undefined) return;
    const jobs = plugin.jobs(this.siteContext(siteId, name));
    this.running.set(`${siteId}\u0000${name}`, jobs);
    for (const job of jobs) {
      await job.start();
      this.log.info({ siteId, plugin: name, job: job.name }, 'job started');
    }
  }

  private async stopJobs(siteId: string, name: string): Promise<void> {
    const key = `${siteId}\u0000${name}`;
    const jobs = this.running.get(key);
    if (jobs === undefined) return;
    this.running.delete(key);
    for (const job of [...jobs].reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timed out'>((resolve) => {
        timer = setTimeout(() => resolve('timed out'), JOB_STOP_TIMEOUT_MS);
      });
      try {
        // A job stuck on a dead connection must not hold a shutdown or a reconfigure forever.
        const outcome = await Promise.race([Promise.resolve(job.stop()).then(() => 'stopped' as const), timedOut]);
        if (outcome === 'stopped') this.log.info({ siteId, plugin: name, job: job.name }, 'job stopped');
        else this.log.error({ siteId, plugin: name, job: job.name, timeoutMs: JOB_STOP_TIMEOUT_MS }, 'job did not stop in time; abandoned');
      } catch (error) {
        this.log.error({ err: error, siteId, plugin: name, job: job.name }, 'job failed to stop');
      } finally {
        clearTimeout(timer);
      }
    }
  }

  private requireSite(siteId: string): void {
    if (this.context.sites.get(siteId) === undefined) throw CoreErrors.siteUnknown(siteId);
  }
}
