import { MikroORM, type EntitySchema, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { EmbeddedPostgres } from './embedded-postgres';

export interface Database {
  orm: MikroORM<PostgreSqlDriver>;
  /** True when running on the embedded PGlite, which serves one connection at a time. */
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  // Entities of every plugin share one list; their type parameters differ.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any>[];
  log: Logger;
}

/**
 * Open PostgreSQL at `databaseUrl`, or an embedded PostgreSQL (PGlite) stored under the data
 * folder when no URL is set. Both use MikroORM's PostgreSQL driver and the same migrations.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  const base: Options<PostgreSqlDriver> = {
    driver: PostgreSqlDriver,
    entities: options.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    debug: false,
    migrations: { tableName: 'mikro_orm_migrations_core', migrationsList: [], snapshot: false, silent: true },
  };

  let config: Options<PostgreSqlDriver>;
  if (options.databaseUrl !== undefined) {
    config = {
      ...base,
      clientUrl: options.databaseUrl,
      pool: { min: 0, max: 10 },
      // Fail fast while the server is down or unreachable, so requests get 503 with Retry-After
      // instead of waiting for the driver's defaults (60 s to acquire, no connect timeout).
      // NOTE: no query timeout is set, because migrations on large tables may run for minutes;
      // a server that accepts connections but never answers still holds a request.
      driverOptions: {
        acquireConnectionTimeout: 10_000,
        connection: { connectionTimeoutMillis: 5_000, keepAlive: true },
        log: knexLog(options.log),
      },
    };
  } else {
    // Loaded only when needed: PGlite's WebAssembly costs tens of MB that PostgreSQL installs save.
    const { startEmbeddedPostgres } = await import('./embedded-postgres');
    embedded = await startEmbeddedPostgres(options.dataDir);
    options.log.info('embedded database (PGlite) started');
    config = {
      ...base,
      host: embedded.host,
      port: embedded.port,
      dbName: embedded.dbName,
      user: embedded.user,
      // PGlite serves one connection; a larger pool crashes on concurrent flushes.
      pool: { min: 0, max: 1 },
      driverOptions: { log: knexLog(options.log) },
    };
  }

  let orm: MikroORM<PostgreSqlDriver>;
  try {
    orm = await MikroORM.init<PostgreSqlDriver>(config);
  } catch (error) {
    await embedded?.close();
    throw error;
  }
  return {
    orm,
    embedded: embedded !== undefined,
    async close() {
      await orm.close(true);
      await embedded?.close();
    },
  };
}

/** knex's own messages (pool errors, deprecations) through pino instead of console.log. */
function knexLog(log: Logger) {
  const knex = log.child({ component: 'knex' });
  return {
    warn: (message: unknown) => knex.warn({ detail: String(message) }, 'database driver warning'),
    error: (message: unknown) => knex.error({ detail: String(message) }, 'database driver error'),
    deprecate: (message: unknown) => knex.debug({ detail: String(message) }, 'database driver deprecation'),
    debug: (message: unknown) => knex.debug({ detail: String(message) }, 'database driver debug'),
  };
}
