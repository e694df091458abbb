import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationDefinition } from '../plugins/manifest';

/** Bookkeeping table of one owner (the core or a plugin), so each can migrate alone. */
export function migrationsTable(owner: string): string {
  return `mikro_orm_migrations_${owner.replace(/[^a-z0-9]/gi, '_')}`;
}

// Migrator reads the `migrations` option once, in its constructor. Building one per owner with
// that owner's list and table gives every plugin its own history that it can undo alone.
function migratorFor(orm: MikroORM, owner: string, migrations: MigrationDefinition[]): Migrator {
  const saved = orm.config.get('migrations');
  orm.config.set('migrations', {
    ...saved,
    tableName: migrationsTable(owner),
    migrationsList: migrations.map((m) => ({ name: m.name, class: m.class })),
    snapshot: false,
    silent: true,
  });
  try {
    return new Migrator(orm.em as SqlEntityManager);
  } finally {
    orm.config.set('migrations', saved);
  }
}

/** Apply pending migrations of one owner; returns the names applied. */
export async function migrateUp(
  orm: MikroORM,
  owner: string,
  migrations: MigrationDefinition[],
): Promise<string[]> {
  if (migrations.length === 0) return [];
  const applied = await migratorFor(orm, owner, migrations).up();
  return applied.map((m) => m.name);
}

/** Undo every applied migration of one owner, newest first; returns the names undone. */
export async function migrateDown(
  orm: MikroORM,
  owner: string,
  migrations: MigrationDefinition[],
): Promise<string[]> {
  if (migrations.length === 0) return [];
  const reverted = await migratorFor(orm, owner, migrations).down({ to: 0 });
  return reverted.map((m) => m.name);
}

export async function executedMigrations(
  orm: MikroORM,
  owner: string,
  migrations: MigrationDefinition[],
): Promise<string[]> {
  if (migrations.length === 0) return [];
  const executed = await migratorFor(orm, owner, migrations).getExecutedMigrations();
  return executed.map((m) => m.name);
}
