import { Migration } from '@mikro-orm/migrations';
import type { MigrationDefinition } from '@centinela/core';

class CreateEvidenceExports extends Migration {
  override async up(): Promise<void> {
    // No foreign key to frigate_events: Frigate's retention removes events, and the evidence
    // must outlive them. Sites cannot be deleted while they hold evidence (no cascade).
    this.addSql(`create table evidence_exports (
      id uuid primary key,
      site_id varchar(40) not null references sites (id),
      event_id uuid not null,
      frigate_event_id varchar(64) not null,
      camera_id varchar(64) not null,
      camera varchar(64) not null,
      format varchar(8) not null check (format in ('mp4', 'jpg')),
      reason text not null check (char_length(reason) between 3 and 500),
      status varchar(16) not null default 'completed' check (status in ('completed')),
      file_name varchar(200) not null,
      relative_path varchar(300) not null,
      export_date varchar(10) not null check (export_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      size bigint not null check (size >= 0),
      sha256 varchar(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content_type varchar(100) not null,
      key_id varchar(16) not null,
      actor_id varchar(64) not null,
      actor_email varchar(320) not null,
      actor_role varchar(32) not null,
      idempotency_key varchar(200) null,
      download_count integer not null default 0 check (download_count >= 0),
      created_at timestamptz not null default now(),
      constraint evidence_exports_idempotency_unique unique (site_id, actor_id, idempotency_key)
    )`);
    this.addSql(
      'create index evidence_exports_site_time on evidence_exports (site_id, created_at desc, id desc)',
    );
    this.addSql(
      'create index evidence_exports_site_event on evidence_exports (site_id, event_id, created_at desc, id desc)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists evidence_exports');
  }
}

export const EVIDENCE_MIGRATIONS: MigrationDefinition[] = [
  { name: 'evidence-vault-0001-exports', class: CreateEvidenceExports },
];
