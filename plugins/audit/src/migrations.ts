import { Migration } from '@mikro-orm/migrations';
import type { MigrationDefinition } from '@centinela/core';

class CreateAuditLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      site_id varchar(40) null,
      actor_id varchar(100) null,
      actor_email varchar(254) null,
      address varchar(64) null,
      user_agent varchar(400) null,
      action varchar(100) not null,
      resource varchar(300) null,
      details jsonb not null default '{}',
      prev_hash char(64) null,
      hash char(64) not null
    )`);
    this.addSql('create unique index audit_log_hash_key on audit_log (hash)');
    this.addSql('create index audit_log_at on audit_log (at)');
    this.addSql('create index audit_log_actor_id on audit_log (actor_id, id desc)');
    this.addSql('create index audit_log_action on audit_log (action, id desc)');
    // Append-only: rows can be inserted, never changed or removed (the superuser can still
    // disable the trigger, which GET /api/audit/verify then exposes through the hash chain).
    this
      .addSql(`create function audit_log_reject_change() returns trigger language plpgsql as $body$
      begin
        raise exception 'audit_log is append-only: % is not allowed', tg_op
          using errcode = 'insufficient_privilege', hint = 'Audit entries can only be added.';
      end
    $body$`);
    this.addSql(`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_reject_change()`);
    this.addSql(`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_reject_change()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table audit_log');
    this.addSql('drop function audit_log_reject_change()');
  }
}

export const AUDIT_MIGRATIONS: MigrationDefinition[] = [
  { name: 'audit-0001-create-audit-log', class: CreateAuditLog },
];
