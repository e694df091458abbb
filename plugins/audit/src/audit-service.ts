import type { ServiceRegistry, WebSocketHub } from '@centinela/core';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { canonicalJson, hashEntry, type HashedFields } from './canonical';
import type { AuditEntry, AuditRecordInput } from './entry';
import { cleanOptionalText, sanitizeDetails } from './sanitize';

export const AUDIT_TOPIC = 'audit';
// Any fixed number; it serialises appends to the chain across every Centinela instance.
const AUDIT_CHAIN_LOCK = 0x63656e03;
const ACTION = /^[a-z][a-z0-9_.-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditServiceOptions {
  orm: MikroORM;
  hub: WebSocketHub;
  services: ServiceRegistry;
  log: Logger;
  clock: () => Date;
}

/**
 * The `audit` service: appends entries to the hash-chained audit_log. Appends from this
 * process run one at a time, and each takes a PostgreSQL advisory lock inside its
 * transaction, so writers in several processes never fork the chain either. Every query of
 * an append goes through the transaction's own EntityManager, because the embedded PGlite
 * serves one connection and a query from outside the open transaction would wait forever.
 */
export class AuditService {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AuditServiceOptions) {}

  /** Append an entry; resolves to the stored entry, which is also published on the `audit` WebSocket topic. */
  record(input: AuditRecordInput): Promise<AuditEntry> {
    const run = this.tail.then(() => this.append(input));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Append an entry unless the newest entry with the same action, site and resource has the
   * same details; resolves to null when skipped. For state snapshots that are announced
   * again on every start (a site's camera list), so that only real changes are stored.
   */
  recordIfChanged(input: AuditRecordInput): Promise<AuditEntry | null> {
    const run = this.tail.then(async () =>
      (await this.sameAsLatest(input)) ? null : this.append(input),
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async sameAsLatest(input: AuditRecordInput): Promise<boolean> {
    const rows = await (this.options.orm.em.fork() as SqlEntityManager).execute<
      Array<{ details: unknown }>
    >(
      `select details from audit_log
        where action = ? and site_id is not distinct from ? and resource is not distinct from ?
        order by id desc limit 1`,
      [input.action, cleanOptionalText(input.siteId, 40), cleanOptionalText(input.resource, 300)],
    );
    const latest = rows[0]?.details;
    if (latest === undefined) return false;
    const stored = typeof latest === 'string' ? (JSON.parse(latest) as unknown) : latest;
    return canonicalJson(stored) === canonicalJson(sanitizeDetails(input.details));
  }

  /** Resolves once every entry recorded so far is stored (or failed). */
  async flush(): Promise<void> {
    await this.tail;
  }

  private async append(input: AuditRecordInput): Promise<AuditEntry> {
    if (!ACTION.test(input.action))
      throw new Error(`Audit action "${input.action}" must match ${ACTION.source}.`);
    const email = input.actor.email ?? (await this.emailOf(input.actor.id));
    const details = sanitizeDetails(input.details);
    const at = this.options.clock();

    const entry = await (this.options.orm.em.fork() as SqlEntityManager).transactional(
      async (em) => {
        await em.execute('select pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK]);
        const [head] = await em.execute<Array<{ hash: string }>>(
          'select hash from audit_log order by id desc limit 1',
        );
        const [next] = await em.execute<Array<{ id: string }>>(
          "select nextval('audit_log_id_seq')::text as id",
        );
        const fields: HashedFields = {
          id: String(next?.id),
          at: at.toISOString(),
          site_id: cleanOptionalText(input.siteId, 40),
          actor_id: cleanOptionalText(input.actor.id, 100),
          actor_email: cleanOptionalText(email, 254),
          address: cleanOptionalText(input.actor.address, 64),
          user_agent: cleanOptionalText(input.actor.userAgent, 400),
          action: input.action,
          resource: cleanOptionalText(input.resource, 300),
          details,
          prev_hash: head?.hash.trim() ?? null,
        };
        const hash = hashEntry(fields);
        await em.execute(
          `insert into audit_log (id, at, site_id, actor_id, actor_email, address, user_agent, action, resource, details, prev_hash, hash)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
          [
            fields.id,
            at,
            fields.site_id,
            fields.actor_id,
            fields.actor_email,
            fields.address,
            fields.user_agent,
            fields.action,
            fields.resource,
            JSON.stringify(details),
            fields.prev_hash,
            hash,
          ],
          'run',
        );
        return { ...fields, details, hash } satisfies AuditEntry;
      },
    );
    this.options.hub.publish(AUDIT_TOPIC, entry);
    return entry;
  }

  /** The email of a Centinela user id, when auth-mfa is loaded; null otherwise. */
  private async emailOf(actorId: string | null): Promise<string | null> {
    if (
      actorId === null ||
      !UUID.test(actorId) ||
      this.options.services.find('authMfa') === undefined
    )
      return null;
    try {
      const rows = await (this.options.orm.em.fork() as SqlEntityManager).execute<
        Array<{ email: string }>
      >('select email from users where id = ?', [actorId]);
      return rows[0]?.email ?? null;
    } catch (error) {
      this.options.log.warn({ err: error, actorId }, 'could not read the email of an audit actor');
      return null;
    }
  }
}
