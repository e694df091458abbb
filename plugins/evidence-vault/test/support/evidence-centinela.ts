import { randomBytes } from 'node:crypto';
import type { CentinelaPlugin, RoleName } from '@centinela/core';
import { startFrigateSimulator, type FrigateSimulator } from '@centinela/frigate-simulator';
import { createAuditPlugin } from '@centinela/plugin-audit';
import { createAuthMfaPlugin } from '@centinela/plugin-auth-mfa';
import { createRbacPlugin } from '@centinela/plugin-rbac';
import frigateEventsPlugin, { type EventRecord } from '@centinela/plugin-frigate-events';
import type { LightMyRequestResponse } from 'fastify';
import { startTestCentinela, type TestCentinela } from '../../../../core/test/support/centinela';
import type { TestDatabase } from '../../../../core/test/support/database';
import evidenceVaultPlugin from '../../src';
import { testAuthPlugin } from './auth-plugin';
import { ClipFaultProxy } from './fault-proxy';

export const SITE = 'casa';
export const SITE_TIMEZONE = 'America/Mexico_City';
/** Cameras of the simulated Frigate. */
export const CAMERAS = ['front_door', 'driveway', 'garden'] as const;
export const FRIGATE_USER = 'centinela';
export const FRIGATE_PASSWORD = 'simulated frigate password 42';
export const ADMIN_EMAIL = 'boss@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple 7';

export interface SimulatedEvent {
  camera?: (typeof CAMERAS)[number];
  label?: string;
  subLabel?: string | null;
  score?: number;
  /** File the simulator serves as `clip.mp4`; without it Frigate has no recording. */
  clip?: string;
  /** File the simulator serves as `snapshot.jpg`. */
  snapshot?: string;
  hasClip?: boolean;
  hasSnapshot?: boolean;
  /** Seconds since the event ended (default 120); null for an event still in progress. */
  endedSecondsAgo?: number | null;
}

export interface EvidenceTestServer {
  centinela: TestCentinela & { testDatabase: TestDatabase | undefined };
  simulator: FrigateSimulator;
  /** The proxy between Centinela and the simulator, when started with `faultProxy`. */
  proxy: ClipFaultProxy | undefined;
  /** Base URL Centinela uses for Frigate. */
  frigateUrl: string;
  /**
   * Sends a request as a user of `role`; `headers` adds or overrides headers. With real
   * accounts, only `SuperAdmin` (the first SuperAdmin) and null (no login) are available.
   */
  call(
    role: RoleName | null,
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options?: { payload?: object; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /**
   * Adds an event to the simulator (by default one that ended two minutes ago), runs a
   * backfill and returns the event as frigate-events stored it.
   */
  addEvent(event?: SimulatedEvent): Promise<EventRecord>;
  /** Exports an event as Admin and returns the 201 body. */
  exportEvent(
    eventId: string,
    format?: 'mp4' | 'jpg',
    headers?: Record<string, string>,
  ): Promise<ExportBody>;
  /** Audit entries of an action (after every pending append is stored), newest first. */
  auditEntries(action: string): Promise<AuditItem[]>;
  destroy(): Promise<void>;
}

export interface ExportBody {
  id: string;
  event_id: string;
  status: string;
  file_name: string;
  size: number;
  sha256: string;
  created_at: string;
  download_url: string;
  manifest_url: string;
}

export interface AuditItem {
  actor_id: string | null;
  actor_email: string | null;
  address: string | null;
  action: string;
  resource: string | null;
  details: Record<string, unknown>;
}

export interface StartOptions {
  /** The real PostgreSQL server (default) or the embedded PGlite. */
  database?: 'postgres' | 'embedded';
  /** Config of the evidence-vault plugin on the site. */
  config?: Record<string, unknown>;
  dataDir?: string;
  testDatabase?: TestDatabase;
  /** Put a ClipFaultProxy between Centinela and the simulator. */
  faultProxy?: boolean;
  /** Use the simulator's authenticated port (Frigate's 8971) with a user and password. */
  authenticated?: boolean;
  /** Frigate's media folder; default a temporary folder that the simulator removes. */
  frigateMediaDir?: string;
  /**
   * Use the real auth-mfa and rbac plugins, with a first SuperAdmin `ADMIN_EMAIL`, instead of
   * the test authenticator.
   */
  realAccounts?: boolean;
}

function accessPlugins(realAccounts: boolean): CentinelaPlugin[] {
  const others = [createAuditPlugin(), frigateEventsPlugin, evidenceVaultPlugin];
  if (!realAccounts) return [testAuthPlugin, ...others];
  const auth = createAuthMfaPlugin({ loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
  const plugins: CentinelaPlugin[] = [auth, ...others];
  const rbac = createRbacPlugin({ manifests: () => plugins.map((plugin) => plugin.manifest) });
  plugins.splice(1, 0, rbac);
  return plugins;
}

/**
 * Starts the Frigate simulator and a Centinela on a fresh database (PostgreSQL by default) with
 * the test authenticator, the audit log, frigate-events and the evidence vault, all installed
 * on site `casa`. frigate-events reads the simulator with a backfill when a test adds an
 * event. It listens on an MQTT prefix of its own, on which nothing is published.
 */
export async function startEvidenceServer(options: StartOptions = {}): Promise<EvidenceTestServer> {
  const simulator = await startFrigateSimulator({
    cameras: [...CAMERAS],
    replay: false,
    ...(options.frigateMediaDir === undefined ? {} : { mediaDir: options.frigateMediaDir }),
    ...(options.authenticated === true
      ? { authPort: 0, users: [{ user: FRIGATE_USER, password: FRIGATE_PASSWORD }] }
      : {}),
  });
  const frigateDirect = options.authenticated === true ? simulator.authUrl! : simulator.url;
  let proxy: ClipFaultProxy | undefined;
  if (options.faultProxy === true) {
    proxy = new ClipFaultProxy(frigateDirect);
    await proxy.start();
  }
  try {
    return await startCentinela(options, simulator, proxy, proxy?.url ?? frigateDirect);
  } catch (error) {
    await proxy?.stop();
    await simulator.stop();
    throw error;
  }
}

async function startCentinela(
  options: StartOptions,
  simulator: FrigateSimulator,
  proxy: ClipFaultProxy | undefined,
  frigateUrl: string,
): Promise<EvidenceTestServer> {
  const centinela = await startTestCentinela({
    database: options.database ?? 'postgres',
    plugins: accessPlugins(options.realAccounts === true),
    env: {
      CENTINELA_TIMEZONE: SITE_TIMEZONE,
      CENTINELA_ADMIN_EMAIL: ADMIN_EMAIL,
      CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...(options.authenticated === true ? { FRIGATE_USER, FRIGATE_PASSWORD } : {}),
    },
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.testDatabase === undefined ? {} : { testDatabase: options.testDatabase }),
  });
  let adminHeaders: Record<string, string> | undefined;
  const roleHeaders = async (role: RoleName | null): Promise<Record<string, string>> => {
    if (role === null) return {};
    if (options.realAccounts !== true) return { 'x-test-role': role };
    if (role !== 'SuperAdmin') throw new Error(`no ${role} account; log in as a created user`);
    adminHeaders ??= await bearerOf(centinela, ADMIN_EMAIL, ADMIN_PASSWORD);
    return adminHeaders;
  };
  const call: EvidenceTestServer['call'] = async (role, method, url, extra = {}) =>
    centinela.app.inject({
      method,
      url,
      headers: { ...(await roleHeaders(role)), ...extra.headers },
      ...(extra.payload === undefined ? {} : { payload: extra.payload }),
    });
  const frigateConfig = {
    frigate_url: frigateUrl,
    mqtt_prefix: `evidence-test-${randomBytes(5).toString('hex')}`,
    poll_interval_seconds: 3600,
  };
  for (const [plugin, config] of [
    ['frigate-events', frigateConfig],
    ['evidence-vault', options.config ?? {}],
  ] as const) {
    const response = await call('SuperAdmin', 'PUT', `/api/sites/${SITE}/plugins/${plugin}`, {
      payload: { config },
    });
    if (response.statusCode !== 200) {
      await centinela.destroy();
      throw new Error(`installing ${plugin} failed: ${response.body}`);
    }
  }

  const server: EvidenceTestServer = {
    centinela,
    simulator,
    proxy,
    frigateUrl,
    call,
    addEvent: (event = {}) => addSimulatedEvent(server, event),
    async exportEvent(eventId, format = 'mp4', headers = {}) {
      const response = await call('Admin', 'POST', '/api/evidence/export', {
        payload: {
          event_id: eventId,
          reason: 'Package taken from the porch, report 2026-1187',
          format,
        },
        headers,
      });
      if (response.statusCode !== 201) {
        throw new Error(`export failed: ${response.statusCode} ${response.body}`);
      }
      return response.json() as ExportBody;
    },
    async auditEntries(action) {
      await centinela.services.get('audit').flush();
      const response = await call('SuperAdmin', 'GET', `/api/audit?action=${action}&limit=200`);
      if (response.statusCode !== 200) throw new Error(`audit query failed: ${response.body}`);
      return (response.json() as { items: AuditItem[] }).items;
    },
    async destroy() {
      try {
        await centinela.destroy();
      } finally {
        // The simulator removes its temporary media folder only when stopped.
        await proxy?.stop();
        await simulator.stop();
      }
    },
  };
  return server;
}

/** Logs in with the real auth-mfa plugin and returns the Authorization header. */
export async function bearerOf(
  centinela: TestCentinela,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const response = await centinela.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.body}`);
  return { authorization: `Bearer ${response.json().access_token as string}` };
}

async function addSimulatedEvent(
  server: EvidenceTestServer,
  event: SimulatedEvent,
): Promise<EventRecord> {
  const now = Date.now() / 1000;
  const endedSecondsAgo = event.endedSecondsAgo === undefined ? 120 : event.endedSecondsAgo;
  const end = endedSecondsAgo === null ? null : now - endedSecondsAgo;
  const score = event.score ?? 0.87;
  const added = server.simulator.addEvent(
    {
      camera: event.camera ?? 'front_door',
      label: event.label ?? 'person',
      sub_label: event.subLabel ?? null,
      start_time: (end ?? now) - 12.5,
      end_time: end,
      has_clip: event.hasClip ?? true,
      has_snapshot: event.hasSnapshot ?? true,
      data: { score, top_score: score },
    },
    {
      ...(event.clip === undefined ? {} : { clipPath: event.clip }),
      ...(event.snapshot === undefined ? {} : { snapshotPath: event.snapshot }),
    },
    { publish: false },
  );
  // The simulator writes the snapshot file in the background.
  await server.simulator.idle();
  const frigate = server.centinela.services.get('frigate');
  await frigate.sync(SITE);
  const stored = await frigate.getEventByFrigateId(SITE, added.id);
  if (stored === null) throw new Error(`the backfill did not store Frigate event ${added.id}`);
  return stored;
}
