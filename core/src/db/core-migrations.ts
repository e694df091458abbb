import { Migration } from '@mikro-orm/migrations';
import type { MigrationDefinition } from '../plugins/manifest';

class CreateSites extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table tenants (
      id varchar(40) primary key,
      name text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table sites (
      id varchar(40) primary key,
      tenant_id varchar(40) not null references tenants (id),
      name text not null,
      timezone text not null,
      frigate_url text null,
      mqtt_prefix text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql(`create table site_plugins (
      site_id varchar(40) not null references sites (id) on delete cascade,
      plugin varchar(64) not null,
      enabled boolean not null,
      config jsonb not null default '{}',
      installed_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (site_id, plugin)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table site_plugins');
    this.addSql('drop table sites');
    this.addSql('drop table tenants');
  }
}

export const CORE_MIGRATIONS: MigrationDefinition[] = [
  { name: 'core-0001-create-sites', class: CreateSites },
];
