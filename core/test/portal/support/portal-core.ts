import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  sampleScenes,
  startFrigateSimulator,
  writeSyntheticClip,
  type FrigateSimulator,
} from '@centinela/frigate-simulator';
import { createAuditPlugin } from '@centinela/plugin-audit';
import { createAuthMfaPlugin, type AuthMfaOptions } from '@centinela/plugin-auth-mfa';
import evidenceVaultPlugin from '@centinela/plugin-evidence-vault';
import frigateEventsPlugin from '@centinela/plugin-frigate-events';
import gdriveBackupPlugin from '@centinela/plugin-gdrive-backup';
import rbacPlugin from '@centinela/plugin-rbac';
import pino from 'pino';
import { loadConfig } from '../../../src/config/load';
import type { CentinelaPlugin } from '../../../src/plugins/manifest';
import { createCentinela, type Centinela } from '../../../src/server';
import { createTestDatabase, type TestDatabase } from '../../support/database';

export const ADMIN_EMAIL = 'ana@example.com';
export const ADMIN_PASSWORD = 'lantern orchard copper 42';
export const SITE_ID = 'casa';
const MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export interface PortalCore {
  /** Origin of the core, such as `http://127.0.0.1:41234`; the portal is at `<url>/`. */
  url: string;
  centinela: Centinela;
  database: TestDatabase;
  /** Undefined when the core was started without Frigate. */
  frigate: FrigateSimulator | undefined;
  close(): Promise<void>;
}

export interface PortalCoreOptions {
  /** Folder with the built portal, served by the core at `/`. */
  portalDir: string;
  /** Start the Frigate simulator on the synthetic clips. Default true. */
  frigate?: boolean;
  auth?: AuthMfaOptions;
}

/** Returns the six builtin plugins as the CLI loads them, with auth-mfa options for the test. */
export function portalPlugins(auth: AuthMfaOptions = {}): CentinelaPlugin[] {
  return [
    createAuthMfaPlugin(auth),
    rbacPlugin,
    createAuditPlugin(),
    frigateEventsPlugin,
    evidenceVaultPlugin,
    gdriveBackupPlugin,
  ];
}

/**
 * A real Centinela for the browser tests: real PostgreSQL, the real Mosquitto broker, the six
 * builtin plugins, the Frigate simulator replaying the project's synthetic clips (with a topic
 * prefix of its own, so that parallel test files do not see each other's detections), and the
 * built portal served at `/`. The first SuperAdmin is ADMIN_EMAIL with ADMIN_PASSWORD.
 */
export async function startPortalCore(options: PortalCoreOptions): Promise<PortalCore> {
  const root = await mkdtemp(join(tmpdir(), 'centinela-portal-core-'));
  const prefix = `portal-${randomBytes(4).toString('hex')}`;
  const cleanups: Array<() => Promise<unknown>> = [
    () => rm(root, { recursive: true, force: true }),
  ];
  const close = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };

  try {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const frigate = options.frigate === false ? undefined : await startFrigate(root, prefix);
    if (frigate !== undefined) cleanups.push(() => frigate.stop());

    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      CENTINELA_DATA_DIR: join(root, 'data'),
      DATABASE_URL: database.url,
      MQTT_URL,
      // Port 9 (discard) refuses connections, so a core without Frigate sees it offline.
      FRIGATE_URL: frigate?.url ?? 'http://127.0.0.1:9',
      FRIGATE_MQTT_PREFIX: prefix,
      CENTINELA_SITE_NAME: SITE_ID,
      CENTINELA_ADMIN_EMAIL: ADMIN_EMAIL,
      CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...(frigate === undefined ? {} : { FRIGATE_MEDIA_DIR: frigate.mediaDir }),
    };
    const config = loadConfig({ env, optionsFile: join(root, 'no-options.json') });
    const centinela = await createCentinela({
      config,
      plugins: portalPlugins(options.auth),
      log: pino({ level: config.logLevel }),
      portalDir: options.portalDir,
    });
    cleanups.push(() => centinela.close());
    const url = (await centinela.listen()).replace('[::1]', '127.0.0.1');
    return { url, centinela, database, frigate, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Renders the two sample scenes with ffmpeg and replays them as cameras `entrada` and `patio`. */
async function startFrigate(root: string, prefix: string): Promise<FrigateSimulator> {
  const clipsDir = join(root, 'clips');
  await mkdir(clipsDir, { recursive: true });
  await Promise.all(sampleScenes.map((scene) => writeSyntheticClip(scene, clipsDir)));
  return startFrigateSimulator({
    clipsDir,
    mediaDir: join(root, 'frigate-media'),
    mqttUrl: MQTT_URL,
    topicPrefix: prefix,
  });
}
