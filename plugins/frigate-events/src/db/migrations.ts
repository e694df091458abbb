import { Migration } from '@mikro-orm/migrations';
import type { MigrationDefinition } from '@centinela/core';

class CreateFrigateTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table frigate_cameras (
      id uuid primary key default gen_random_uuid(),
      site_id varchar(40) not null references sites (id) on delete cascade,
      name varchar(64) not null,
      friendly_name varchar(100) not null,
      enabled boolean not null default true,
      detect_width integer null,
      detect_height integer null,
      detect_fps real null,
      labels jsonb not null default '[]',
      in_frigate boolean not null default false,
      last_seen_at timestamptz null,
      deleted_at timestamptz null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint frigate_cameras_site_name_unique unique (site_id, name)
    )`);

    this.addSql(`create table frigate_reviews (
      id uuid primary key default gen_random_uuid(),
      site_id varchar(40) not null references sites (id) on delete cascade,
      camera_id uuid not null references frigate_cameras (id) on delete cascade,
      frigate_review_id varchar(64) not null,
      severity varchar(16) not null,
      start_time timestamptz not null,
      end_time timestamptz null,
      objects jsonb not null default '[]',
      zones jsonb not null default '[]',
      sub_labels jsonb not null default '[]',
      detections jsonb not null default '[]',
      audio jsonb not null default '[]',
      thumb_path text null,
      raw jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint frigate_reviews_site_review_unique unique (site_id, frigate_review_id)
    )`);
    this.addSql(
      'create index frigate_reviews_site_time on frigate_reviews (site_id, start_time desc, id desc)',
    );
    this.addSql(
      'create index frigate_reviews_site_camera_time on frigate_reviews (site_id, camera_id, start_time desc, id desc)',
    );
    this.addSql(
      'create index frigate_reviews_site_severity_time on frigate_reviews (site_id, severity, start_time desc, id desc)',
    );
    this.addSql(
      'create index frigate_reviews_open on frigate_reviews (site_id, start_time) where end_time is null',
    );

    this.addSql(`create table frigate_events (
      id uuid primary key default gen_random_uuid(),
      site_id varchar(40) not null references sites (id) on delete cascade,
      camera_id uuid not null references frigate_cameras (id) on delete cascade,
      frigate_event_id varchar(64) not null,
      label varchar(100) not null,
      sub_label varchar(200) null,
      sub_label_score double precision null,
      score double precision null,
      top_score double precision null,
      start_time timestamptz not null,
      end_time timestamptz null,
      has_clip boolean not null default false,
      has_snapshot boolean not null default false,
      zones jsonb not null default '[]',
      data jsonb not null default '{}',
      raw jsonb not null default '{}',
      frame_time double precision null,
      severity varchar(16) null,
      review_id uuid null references frigate_reviews (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint frigate_events_site_event_unique unique (site_id, frigate_event_id)
    )`);
    // Keyset pages of "newest first", for one camera and for the whole site.
    this.addSql(
      'create index frigate_events_site_camera_time on frigate_events (site_id, camera_id, start_time desc, id desc)',
    );
    this.addSql(
      'create index frigate_events_site_time on frigate_events (site_id, start_time desc, id desc)',
    );
    this.addSql(
      'create index frigate_events_open on frigate_events (site_id, start_time) where end_time is null',
    );
    this.addSql(
      'create index frigate_events_review on frigate_events (review_id) where review_id is not null',
    );

    this.addSql(`create table frigate_sync_state (
      site_id varchar(40) primary key references sites (id) on delete cascade,
      events_watermark double precision null,
      reviews_watermark double precision null,
      malformed_messages bigint not null default 0,
      malformed_by_reason jsonb not null default '{}',
      last_malformed_at timestamptz null,
      last_backfill_at timestamptz null,
      last_backfill_error text null,
      frigate_version varchar(100) null,
      updated_at timestamptz not null default now()
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table frigate_sync_state');
    this.addSql('drop table frigate_events');
    this.addSql('drop table frigate_reviews');
    this.addSql('drop table frigate_cameras');
  }
}

export const FRIGATE_MIGRATIONS: MigrationDefinition[] = [
  { name: 'frigate-events-0001-create-tables', class: CreateFrigateTables },
];
