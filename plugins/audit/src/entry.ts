import type { ActorRef } from '@centinela/core';

/** What other plugins pass to `audit.record`. */
export interface AuditRecordInput {
  siteId: string | null;
  actor: ActorRef & { email?: string | null };
  /** Dotted lower-case verb, for example `evidence.export`, `camera.update`, `backup.run`. */
  action: string;
  /** What the action was about, for example `evidence/<id>`. */
  resource?: string | null;
  /** Context for a reader of the log. Secret-named keys are redacted; never put a secret here. */
  details?: Record<string, unknown>;
}

/** One stored audit entry, as the API returns it. */
export interface AuditEntry {
  id: string;
  at: string;
  site_id: string | null;
  actor_id: string | null;
  actor_email: string | null;
  address: string | null;
  user_agent: string | null;
  action: string;
  resource: string | null;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

/**
 * Columns of audit_log for raw queries: `at` as ISO 8601 text with milliseconds (the ORM's
 * connection returns timestamps as PostgreSQL text, which Date does not parse reliably).
 * Queries must order by `audit_log.id`: a bare `id` would sort the text alias.
 */
export const AUDIT_COLUMNS = `id::text as id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
  site_id, actor_id, actor_email, address, user_agent, action, resource, details, prev_hash, hash`;

/** A row of audit_log selected with AUDIT_COLUMNS. */
export interface AuditRow {
  id: string;
  at: string;
  site_id: string | null;
  actor_id: string | null;
  actor_email: string | null;
  address: string | null;
  user_agent: string | null;
  action: string;
  resource: string | null;
  details: Record<string, unknown> | string;
  prev_hash: string | null;
  hash: string;
}

export function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    site_id: row.site_id,
    actor_id: row.actor_id,
    actor_email: row.actor_email,
    address: row.address,
    user_agent: row.user_agent,
    action: row.action,
    resource: row.resource,
    details:
      typeof row.details === 'string'
        ? (JSON.parse(row.details) as Record<string, unknown>)
        : row.details,
    prev_hash: row.prev_hash === null ? null : row.prev_hash.trim(),
    hash: row.hash.trim(),
  };
}
