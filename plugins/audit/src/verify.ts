import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { hashEntry } from './canonical';
import { AUDIT_COLUMNS, toEntry, type AuditRow } from './entry';

export interface BrokenEntry {
  id: string;
  at: string;
  /**
   * `hash_mismatch`: the row's content no longer matches its hash (it was changed).
   * `chain_mismatch`: its prev_hash is not the hash of the row before it (a row was removed
   * or inserted, or the previous row's hash was rewritten).
   */
  reason: 'hash_mismatch' | 'chain_mismatch';
}

export interface AuditChainReport {
  valid: boolean;
  /** Rows read, up to and including the first broken one. */
  checked: number;
  firstBroken: BrokenEntry | null;
  /** Hash of the newest row; keep a copy elsewhere to detect removal of the newest rows. */
  headHash: string | null;
}

const BATCH = 1000;

/**
 * Walk the whole audit chain in id order, recompute every hash and check every link. Stops at
 * the first broken row. The chain cannot show that the newest rows were cut off; comparing
 * `headHash` with an earlier copy does.
 */
export async function verifyAuditChain(orm: MikroORM): Promise<AuditChainReport> {
  const em = orm.em.fork() as SqlEntityManager;
  let previousHash: string | null = null;
  let afterId = '0';
  let checked = 0;
  for (;;) {
    const rows = await em.execute<AuditRow[]>(
      `select ${AUDIT_COLUMNS} from audit_log where id > ? order by audit_log.id asc limit ?`,
      [afterId, BATCH],
    );
    for (const row of rows) {
      checked += 1;
      const entry = toEntry(row);
      const { hash, ...fields } = entry;
      if (entry.prev_hash !== previousHash) {
        return {
          valid: false,
          checked,
          firstBroken: { id: entry.id, at: entry.at, reason: 'chain_mismatch' },
          headHash: null,
        };
      }
      if (hashEntry(fields) !== hash) {
        return {
          valid: false,
          checked,
          firstBroken: { id: entry.id, at: entry.at, reason: 'hash_mismatch' },
          headHash: null,
        };
      }
      previousHash = hash;
      afterId = entry.id;
    }
    if (rows.length < BATCH)
      return { valid: true, checked, firstBroken: null, headHash: previousHash };
  }
}
