import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinPlugins } from '../src/cli/builtin-plugins';
import { CORE_MIGRATIONS } from '../src/db/core-migrations';
import { migrateDown, migrateUp, migrationsTable } from '../src/db/migrations';
import { openDatabase, type Database } from '../src/db/orm';
import { sortByDependencies } from '../src/plugins/dependency-order';
import type { CentinelaPlugin } from '../src/plugins/manifest';
import { DATABASE_KINDS } from './support/centinela';
import { createTestDatabase, type TestDatabase } from './support/database';

async function tableNames(database: Database): Promise<string[]> {
  const rows = await database.orm.em
    .fork()
    .getConnection()
    .execute<{ table_name: string }[]>(
      "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
    );
  return rows.map((row) => row.table_name);
}

/** Tables a plugin owns: all it adds, without its own bookkeeping table. */
function ownTables(before: string[], after: string[], owner: string): string[] {
  return after.filter((name) => !before.includes(name) && name !== migrationsTable(owner));
}

describe.each(DATABASE_KINDS)('builtin plugin migrations on %s database', (kind) => {
  let plugins: CentinelaPlugin[];
  let database: Database;
  let testDatabase: TestDatabase | undefined;
  let dataDir: string;

  beforeAll(async () => {
    plugins = sortByDependencies(await loadBuiltinPlugins());
    dataDir = mkdtempSync(join(tmpdir(), 'centinela-migrations-'));
    testDatabase = kind === 'postgres' ? await createTestDatabase() : undefined;
    database = await openDatabase({
      databaseUrl: testDatabase?.url,
      dataDir,
      entities: plugins.flatMap((plugin) => plugin.manifest.entities),
      log: pino({ level: 'silent' }),
    });
    await migrateUp(database.orm, 'core', CORE_MIGRATIONS);
  });

  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies, undoes and reapplies every plugin', async () => {
    const created = new Map<string, string[]>();
    for (const plugin of plugins) {
      const { name, migrations } = plugin.manifest;
      const before = await tableNames(database);
      const applied = await migrateUp(database.orm, name, migrations);
      expect(applied, `${name} applies all its migrations`).toEqual(migrations.map((m) => m.name));
      const tables = ownTables(before, await tableNames(database), name);
      if (migrations.length > 0) expect(tables.length, `${name} creates tables`).toBeGreaterThan(0);
      created.set(name, tables);
    }

    for (const plugin of [...plugins].reverse()) {
      const { name, migrations } = plugin.manifest;
      const undone = await migrateDown(database.orm, name, migrations);
      expect(undone, `${name} undoes all its migrations`).toEqual(migrations.map((m) => m.name).reverse());
      const left = await tableNames(database);
      for (const table of created.get(name) ?? []) expect(left, `${name} drops ${table}`).not.toContain(table);
    }

    for (const plugin of plugins) {
      const { name, migrations } = plugin.manifest;
      expect(await migrateUp(database.orm, name, migrations)).toEqual(migrations.map((m) => m.name));
      const present = await tableNames(database);
      for (const table of created.get(name) ?? []) expect(present, `${name} recreates ${table}`).toContain(table);
    }
  });
});
