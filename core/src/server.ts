import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { EventBus } from './bus/event-bus';
import { APPLIED_SEEDS_FILE, applyPluginSeeds, pluginSeeds } from './config/plugin-seeds';
import type { AppConfig } from './config/load';
import { CORE_ENTITIES } from './db/core-entities';
import { CORE_MIGRATIONS } from './db/core-migrations';
import { migrateUp } from './db/migrations';
import { openDatabase, type Database } from './db/orm';
import { buildApp } from './http/app';
import { HealthChecks } from './http/health';
import { loggerOptions } from './logging';
import type { EmbeddedBroker } from './mqtt/embedded-broker';
import { MqttConnection } from './mqtt/connection';
import type { CentinelaPlugin } from './plugins/manifest';
import { PluginRegistry } from './plugins/registry';
import { ServiceRegistry } from './plugins/services';
import { resolveSecretKey } from './secret-key';
import { SiteDirectory } from './sites/site-directory';
import { startDemoFrigate, type DemoFrigate } from './demo-frigate';
import { CENTINELA_VERSION } from './version';
import { startHomeAssistantIntegration } from './homeassistant/integration';
import { MediaLinkSigner } from './homeassistant/signed-links';
import { createHash } from 'node:crypto';
import { WebSocketHub } from './ws/hub';

export interface CentinelaOptions {
  config: AppConfig;
  plugins: CentinelaPlugin[];
  /** Defaults to a pino logger at the configured level. */
  log?: Logger;
  portalDir?: string;
  /**
   * For one-off CLI commands: no embedded broker, no Frigate simulator, no background jobs.
   * MQTT is still configured but never waited for.
   */
  offline?: boolean;
}

export interface Centinela {
  app: FastifyInstance;
  config: AppConfig;
  registry: PluginRegistry;
  services: ServiceRegistry;
  sites: SiteDirectory;
  bus: EventBus;
  hub: WebSocketHub;
  mqtt: MqttConnection;
  database: Database;
  log: Logger;
  /** Listen on the configured host and port; returns the base URL. */
  listen(): Promise<string>;
  /** Stop accepting, finish in-flight requests, stop jobs, close MQTT and the database. */
  close(): Promise<void>;
}

/**
 * Assemble a Centinela instance: database and migrations, first site, MQTT (embedded when
 * none is configured), Frigate (the simulator when none is configured), plugins and routes.
 */
export async function createCentinela(options: CentinelaOptions): Promise<Centinela> {
  const log = options.log ?? pino(loggerOptions(options.config.logLevel));
  const config: AppConfig = {
    ...options.config,
    secretKey: resolveSecretKey(options.config.secretKey, options.config.dataDir, log),
  };
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: unknown) => log.error({ err: error }, 'cleanup failed'));
  };

  try {
    const entities = [...CORE_ENTITIES, ...options.plugins.flatMap((p) => p.manifest.entities)];
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, entities, log });
    cleanups.push(() => database.close());
    await migrateUp(database.orm, 'core', CORE_MIGRATIONS);

    const sites = new SiteDirectory(database.orm);
    await sites.load();
    await sites.ensureFirstSite({ id: config.siteName, timezone: config.timezone, frigateUrl: null });

    let broker: EmbeddedBroker | undefined;
    let mqttUrl = config.mqttUrl;
    if (mqttUrl === undefined && options.offline === true) {
      mqttUrl = 'mqtt://127.0.0.1:1';
    } else if (mqttUrl === undefined) {
      // Loaded only when needed: an install with MQTT_URL never pays for the broker's code.
      const { startEmbeddedBroker } = await import('./mqtt/embedded-broker');
      broker = await startEmbeddedBroker(config.embeddedMqttPort, log);
      cleanups.push(() => broker!.close());
      mqttUrl = broker.url;
    }
    const mqtt = new MqttConnection({
      url: mqttUrl as string,
      clientId: mqttClientId(config.siteName, config.dataDir),
      availabilityTopic: `centinela/${sites.defaultSiteId}/availability`,
      log: log.child({ component: 'mqtt' }),
      ...(options.offline === true ? { reconnectPeriodMs: 0 } : {}),
    });
    cleanups.push(() => mqtt.close());

    let demo: DemoFrigate | undefined;
    if (config.frigateUrl === undefined && options.offline !== true) {
      demo = await startDemoFrigate({
        clipsDir: config.sampleClipsDir,
        mediaDir: join(config.dataDir, 'frigate-media'),
        mqttUrl,
        topicPrefix: config.frigateMqttPrefix,
        log,
      });
      cleanups.push(() => demo!.stop());
      config.frigateUrl = demo.url;
      config.frigateMediaDir = demo.mediaDir;
    }

    const bus = new EventBus();
    const hub = new WebSocketHub();
    const services = new ServiceRegistry();
    const health = new HealthChecks();
    health.add('database', async () => {
      await database.orm.em.fork().getConnection().execute('select 1');
      return { state: 'up', detail: database.embedded ? 'embedded PGlite' : 'PostgreSQL' };
    });
    health.add('broker', async () =>
      mqtt.connected ? { state: 'up', detail: broker === undefined ? 'external' : 'embedded' } : { state: 'down', detail: 'not connected' },
    );

    const signer = new MediaLinkSigner(config.secretKey as string);
    services.provide('mediaLinks', signer);
    if (options.offline !== true) {
      const integration = startHomeAssistantIntegration({ config, bus, mqtt, log, signer });
      cleanups.push(async () => integration.stop());
      if (integration.userGroups !== undefined) services.provide('homeAssistantUserGroups', integration.userGroups);
    }

    const registry = new PluginRegistry(options.plugins, {
      config,
      orm: database.orm,
      bus,
      hub,
      mqtt,
      services,
      sites,
      health,
      log,
      offline: options.offline === true,
    });
    await registry.setup();
    const app = await buildApp({
      log,
      ingress: config.ingress,
      registry,
      services,
      sites,
      bus,
      hub,
      health,
      version: CENTINELA_VERSION,
      ...(options.portalDir === undefined ? {} : { portalDir: options.portalDir }),
    });
    await registry.bootstrap();
    await app.ready();
    if (options.offline !== true) {
      await registry.startAll();
      // After startAll, because installing a plugin restarts its jobs.
      await applyPluginSeeds({
        targets: { registry, sites },
        siteId: sites.defaultSiteId,
        seeds: pluginSeeds(config),
        stateFile: join(config.dataDir, APPLIED_SEEDS_FILE),
        log: log.child({ component: 'plugin-seeds' }),
      });
    }

    let closed = false;
    return {
      app,
      config,
      registry,
      services,
      sites,
      bus,
      hub,
      mqtt,
      database,
      log,
      async listen() {
        const address = await app.listen({ host: config.host, port: config.port });
        return address;
      },
      async close() {
        if (closed) return;
        closed = true;
        hub.close();
        // Node closes idle keep-alive sockets only when close() starts; a socket whose request
        // finishes later would hold the server open, so keep closing idle ones until done.
        const sweeper = setInterval(() => app.server.closeIdleConnections(), 100);
        // A connection that never sends a request counts as neither idle nor in flight, so it
        // would hold close() until Node's headers timeout. After a grace period every socket closes.
        const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearInterval(sweeper);
          clearTimeout(deadline);
        }
        await registry.stopAll();
        bus.complete();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** How long shutdown waits for in-flight requests before it closes every socket. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * A client id that stays the same across restarts of one install (so the broker keeps its
 * persistent session) and differs between installs that share a broker.
 */
function mqttClientId(siteName: string, dataDir: string): string {
  return `centinela-${siteName}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
}
