import type { MigrationDefinition } from '@centinela/core';
import { Migration } from '@mikro-orm/migrations';

class CreateBackupTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table backup_runs (
      id uuid primary key,
      site_id varchar(40) not null references sites (id) on delete cascade,
      day date not null,
      dry_run boolean not null default false,
      trigger varchar(16) not null,
      status varchar(16) not null,
      started_at timestamptz not null,
      finished_at timestamptz null,
      bytes bigint not null default 0,
      files integer not null default 0,
      checks integer not null default 0,
      errors jsonb not null default '[]',
      log_excerpt text not null default '',
      retention jsonb null,
      jobs jsonb not null default '[]',
      actor_id varchar(100) null,
      owner jsonb not null,
      constraint backup_runs_trigger_check check (trigger in ('schedule', 'manual', 'catch-up')),
      constraint backup_runs_status_check check (status in ('running', 'ok', 'failed', 'partial'))
    )`);
    // Keyset pages of "newest first" per site, and the catch-up query for the latest real run.
    this.addSql(
      'create index backup_runs_site_started on backup_runs (site_id, started_at desc, id desc)',
    );
    this.addSql(
      "create index backup_runs_running on backup_runs (site_id) where status = 'running'",
    );

    this.addSql(`create table backup_locks (
      site_id varchar(40) primary key references sites (id) on delete cascade,
      run_id uuid not null,
      owner jsonb not null,
      heartbeat_at timestamptz not null
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table backup_locks');
    this.addSql('drop table backup_runs');
  }
}

export const BACKUP_MIGRATIONS: MigrationDefinition[] = [
  { name: 'gdrive-backup-0001-create-tables', class: CreateBackupTables },
];
