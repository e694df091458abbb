import { Migration } from '@mikro-orm/migrations';
import type { MigrationDefinition } from '@centinela/core';

class CreateAuthTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table users (
      id uuid primary key,
      email varchar(254) not null,
      display_name varchar(200) not null,
      password_hash text null,
      role varchar(20) not null check (role in ('SuperAdmin', 'Admin', 'ReadOnly')),
      active boolean not null default true,
      must_change_password boolean not null default false,
      camera_scope jsonb null check (camera_scope is null or jsonb_typeof(camera_scope) = 'array'),
      failed_attempts integer not null default 0,
      locked_until timestamptz null,
      last_login_at timestamptz null,
      external_id varchar(200) null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint users_email_lower_case check (email = lower(email))
    )`);
    this.addSql('create unique index users_email_key on users (email)');
    this.addSql(
      'create unique index users_external_id_key on users (external_id) where external_id is not null',
    );
    this.addSql('create index users_created_at_id on users (created_at desc, id desc)');

    this.addSql(`create table sessions (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_used_at timestamptz not null,
      revoked_at timestamptz null,
      revoked_reason varchar(40) null,
      address varchar(64) null,
      user_agent varchar(400) null
    )`);
    this.addSql('create index sessions_user_id on sessions (user_id) where revoked_at is null');

    this.addSql(`create table refresh_tokens (
      id uuid primary key,
      session_id uuid not null references sessions (id) on delete cascade,
      token_hash char(64) not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz null
    )`);
    this.addSql('create unique index refresh_tokens_token_hash_key on refresh_tokens (token_hash)');
    this.addSql('create index refresh_tokens_session_id on refresh_tokens (session_id)');

    this.addSql(`create table access_tokens (
      token_hash char(64) primary key,
      session_id uuid not null references sessions (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`);
    this.addSql('create index access_tokens_session_id on access_tokens (session_id)');
    this.addSql('create index access_tokens_user_expires on access_tokens (user_id, expires_at)');

    this.addSql(`create table mfa_totp (
      user_id uuid primary key references users (id) on delete cascade,
      key_id varchar(16) not null,
      secret_ciphertext text not null,
      created_at timestamptz not null,
      enabled_at timestamptz null,
      last_used_step bigint null
    )`);

    this.addSql(`create table recovery_codes (
      id uuid primary key,
      user_id uuid not null references users (id) on delete cascade,
      code_hash text not null,
      created_at timestamptz not null,
      used_at timestamptz null
    )`);
    this.addSql(
      'create index recovery_codes_user_id on recovery_codes (user_id) where used_at is null',
    );

    this.addSql(`create table auth_policy (
      id smallint primary key check (id = 1),
      mfa_required_roles jsonb not null default '[]',
      updated_at timestamptz not null default now(),
      updated_by uuid null
    )`);
    this.addSql('insert into auth_policy (id) values (1)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table auth_policy');
    this.addSql('drop table recovery_codes');
    this.addSql('drop table mfa_totp');
    this.addSql('drop table access_tokens');
    this.addSql('drop table refresh_tokens');
    this.addSql('drop table sessions');
    this.addSql('drop table users');
  }
}

export const AUTH_MIGRATIONS: MigrationDefinition[] = [
  { name: 'auth-mfa-0001-create-auth-tables', class: CreateAuthTables },
];
