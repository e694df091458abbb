import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/load';
import type { CentinelaPlugin } from '../../src/plugins/manifest';
import { createCentinela, type Centinela } from '../../src/server';
import { createTestDatabase, type TestDatabase } from './database';

export type DatabaseKind = 'postgres' | 'embedded';
export const DATABASE_KINDS: DatabaseKind[] = ['postgres', 'embedded'];

export interface TestCentinela extends Centinela {
  dataDir: string;
  /** Close the instance and remove its database and data folder. */
  destroy(): Promise<void>;
}

export interface StartOptions {
  plugins: CentinelaPlugin[];
  database: DatabaseKind;
  env?: Record<string, string>;
  /** Reuse a data folder / database from an earlier instance (restart tests). */
  dataDir?: string;
  testDatabase?: TestDatabase;
}

/**
 * A Centinela on a fresh database (real PostgreSQL or embedded PGlite), the real Mosquitto
 * broker, and no Frigate simulator. Logs are silent unless TEST_LOG_LEVEL is set.
 */
export async function startTestCentinela(options: StartOptions): Promise<TestCentinela & { testDatabase: TestDatabase | undefined }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'centinela-test-'));
  const testDatabase = options.database === 'postgres' ? (options.testDatabase ?? (await createTestDatabase())) : undefined;
  const env: Record<string, string> = {
    PORT: '0',
    CENTINELA_DATA_DIR: dataDir,
    MQTT_URL: process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    FRIGATE_URL: 'http://127.0.0.1:9',
    CENTINELA_SITE_NAME: 'casa',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(testDatabase === undefined ? {} : { DATABASE_URL: testDatabase.url }),
    ...options.env,
  };
  const config = loadConfig({ env, optionsFile: join(dataDir, 'no-options.json') });
  const centinela = await createCentinela({
    config,
    plugins: options.plugins,
    log: pino({ level: config.logLevel }),
  });
  return {
    ...centinela,
    dataDir,
    testDatabase,
    async destroy() {
      await centinela.close();
      await testDatabase?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
