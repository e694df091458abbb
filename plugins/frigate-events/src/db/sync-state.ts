import { json, pgTime, type Sql } from './sql';

export interface SyncState {
  eventsWatermark: number | null;
  reviewsWatermark: number | null;
  malformedMessages: number;
  malformedByReason: Record<string, number>;
  lastBackfillAt: Date | null;
  lastBackfillError: string | null;
  frigateVersion: string | null;
}

interface SyncRow {
  events_watermark: number | null;
  reviews_watermark: number | null;
  malformed_messages: string | number;
  malformed_by_reason: Record<string, number> | null;
  last_backfill_at: unknown;
  last_backfill_error: string | null;
  frigate_version: string | null;
}

/** Backfill watermarks and ingestion counters per site (`frigate_sync_state`). */
export class SyncStateStore {
  constructor(private readonly sql: Sql) {}

  async get(siteId: string): Promise<SyncState> {
    await this.sql.query(
      'insert into frigate_sync_state (site_id) values (?) on conflict (site_id) do nothing',
      [siteId],
    );
    const row = await this.sql.one<SyncRow>('select * from frigate_sync_state where site_id = ?', [
      siteId,
    ]);
    return {
      eventsWatermark: row?.events_watermark ?? null,
      reviewsWatermark: row?.reviews_watermark ?? null,
      malformedMessages: Number(row?.malformed_messages ?? 0),
      malformedByReason: row?.malformed_by_reason ?? {},
      lastBackfillAt: pgTime(row?.last_backfill_at),
      lastBackfillError: row?.last_backfill_error ?? null,
      frigateVersion: row?.frigate_version ?? null,
    };
  }

  /** Move a watermark forward; only `lower` moves it back. */
  async advance(
    siteId: string,
    column: 'events_watermark' | 'reviews_watermark',
    value: number,
  ): Promise<void> {
    await this.sql.query(
      `update frigate_sync_state set ${column} = greatest(coalesce(${column}, 0), ?), updated_at = now() where site_id = ?`,
      [value, siteId],
    );
  }

  /**
   * Move a watermark down to `ceiling` when it is above it: the only way a watermark moves
   * back, for one that ran ahead of the clock.
   */
  async lower(
    siteId: string,
    column: 'events_watermark' | 'reviews_watermark',
    ceiling: number,
  ): Promise<void> {
    await this.sql.query(
      `update frigate_sync_state set ${column} = ?, updated_at = now() where site_id = ? and ${column} > ?`,
      [ceiling, siteId, ceiling],
    );
  }

  /** Add counts of rejected messages, by reason. */
  async addMalformed(siteId: string, byReason: Record<string, number>): Promise<void> {
    const total = Object.values(byReason).reduce((sum, count) => sum + count, 0);
    if (total === 0) return;
    await this.sql.query(
      `update frigate_sync_state set
         malformed_messages = malformed_messages + ?,
         malformed_by_reason = (
           select coalesce(jsonb_object_agg(key, total), '{}'::jsonb) from (
             select key, sum(value::bigint) as total from (
               select key, value from jsonb_each_text(malformed_by_reason)
               union all select key, value from jsonb_each_text(?::jsonb)
             ) as counts group by key
           ) as summed),
         last_malformed_at = now(), updated_at = now()
       where site_id = ?`,
      [total, json(byReason), siteId],
    );
  }

  async recordBackfill(
    siteId: string,
    error: string | null,
    frigateVersion: string | null,
  ): Promise<void> {
    await this.sql.query(
      `update frigate_sync_state set last_backfill_at = now(), last_backfill_error = ?,
         frigate_version = coalesce(?, frigate_version), updated_at = now()
       where site_id = ?`,
      [error, frigateVersion, siteId],
    );
  }
}
