import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { AUDIT_COLUMNS, toEntry, type AuditEntry, type AuditRow } from './entry';
import { AuditErrors } from './errors';

export interface AuditQuery {
  from?: string;
  to?: string;
  /** A user id or an email. */
  actor?: string;
  /** An exact action, or a prefix ending in `*` (`auth.*`). */
  action?: string;
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  items: AuditEntry[];
  next_cursor: string | null;
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,18}$/.test(id)) {
    throw AuditErrors.cursorInvalid({
      field: 'querystring/cursor',
      fix: 'Pass next_cursor from the previous page unchanged, or omit it.',
    });
  }
  return id;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Audit entries newest first, filtered, with keyset pagination on id. */
export async function queryAudit(orm: MikroORM, query: AuditQuery): Promise<AuditPage> {
  if (
    query.from !== undefined &&
    query.to !== undefined &&
    new Date(query.from) > new Date(query.to)
  ) {
    throw AuditErrors.rangeInvalid(query.from, query.to, {
      field: 'querystring/from',
      fix: 'Send a "from" earlier than "to".',
    });
  }
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.from !== undefined) {
    conditions.push('at >= ?');
    params.push(new Date(query.from));
  }
  if (query.to !== undefined) {
    conditions.push('at <= ?');
    params.push(new Date(query.to));
  }
  if (query.actor !== undefined) {
    conditions.push('(actor_id = ? or actor_email = ?)');
    params.push(query.actor, query.actor.toLowerCase());
  }
  if (query.action !== undefined) {
    if (query.action.endsWith('*')) {
      conditions.push("action like ? escape '\\'");
      params.push(likePrefix(query.action.slice(0, -1)));
    } else {
      conditions.push('action = ?');
      params.push(query.action);
    }
  }
  if (query.cursor !== undefined) {
    conditions.push('id < ?');
    params.push(decodeCursor(query.cursor));
  }
  const where = conditions.length === 0 ? '' : `where ${conditions.join(' and ')}`;
  const rows = await (orm.em.fork() as SqlEntityManager).execute<AuditRow[]>(
    `select ${AUDIT_COLUMNS} from audit_log ${where} order by audit_log.id desc limit ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit).map(toEntry);
  const last = page.at(-1);
  return {
    items: page,
    next_cursor:
      rows.length > query.limit && last !== undefined
        ? Buffer.from(last.id).toString('base64url')
        : null,
  };
}
