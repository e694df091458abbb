import type { SqlEntityManager } from '@mikro-orm/knex';
import type { EvidenceExport, ExportFormat } from './entities';

/** Columns in the order `insertExport` writes them. */
const COLUMNS = [
  'id',
  'site_id',
  'event_id',
  'frigate_event_id',
  'camera_id',
  'camera',
  'format',
  'reason',
  'status',
  'file_name',
  'relative_path',
  'export_date',
  'size',
  'sha256',
  'content_type',
  'key_id',
  'actor_id',
  'actor_email',
  'actor_role',
  'idempotency_key',
  'download_count',
  'created_at',
] as const;

const SELECT = `select ${COLUMNS.join(', ')} from evidence_exports`;

type Row = Record<(typeof COLUMNS)[number], unknown>;

function toExport(row: Row): EvidenceExport {
  return {
    id: String(row.id),
    siteId: String(row.site_id),
    eventId: String(row.event_id),
    frigateEventId: String(row.frigate_event_id),
    cameraId: String(row.camera_id),
    camera: String(row.camera),
    format: row.format as ExportFormat,
    reason: String(row.reason),
    status: 'completed',
    fileName: String(row.file_name),
    relativePath: String(row.relative_path),
    exportDate: String(row.export_date),
    // node-postgres returns bigint as a string; vault files stay far below 2^53 bytes.
    size: Number(row.size),
    sha256: String(row.sha256),
    contentType: String(row.content_type),
    keyId: String(row.key_id),
    actorId: String(row.actor_id),
    actorEmail: String(row.actor_email),
    actorRole: String(row.actor_role),
    idempotencyKey: row.idempotency_key === null ? null : String(row.idempotency_key),
    downloadCount: Number(row.download_count),
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(String(row.created_at)),
  };
}

/**
 * Inserts a completed export. Returns false, writing nothing, when another export of the same
 * site and actor already uses its Idempotency-Key.
 */
export async function insertExport(em: SqlEntityManager, row: EvidenceExport): Promise<boolean> {
  const values = [
    row.id,
    row.siteId,
    row.eventId,
    row.frigateEventId,
    row.cameraId,
    row.camera,
    row.format,
    row.reason,
    row.status,
    row.fileName,
    row.relativePath,
    row.exportDate,
    row.size,
    row.sha256,
    row.contentType,
    row.keyId,
    row.actorId,
    row.actorEmail,
    row.actorRole,
    row.idempotencyKey,
    row.downloadCount,
    row.createdAt,
  ];
  const inserted = await em.execute<Array<{ id: string }>>(
    `insert into evidence_exports (${COLUMNS.join(', ')})
     values (${COLUMNS.map(() => '?').join(', ')})
     on conflict (site_id, actor_id, idempotency_key) do nothing
     returning id`,
    values,
  );
  return inserted.length === 1;
}

export async function findExport(
  em: SqlEntityManager,
  siteId: string,
  id: string,
): Promise<EvidenceExport | null> {
  const rows = await em.execute<Row[]>(`${SELECT} where site_id = ? and id = ?`, [siteId, id]);
  return rows[0] === undefined ? null : toExport(rows[0]);
}

export async function findByIdempotencyKey(
  em: SqlEntityManager,
  siteId: string,
  actorId: string,
  key: string,
): Promise<EvidenceExport | null> {
  const rows = await em.execute<Row[]>(
    `${SELECT} where site_id = ? and actor_id = ? and idempotency_key = ?`,
    [siteId, actorId, key],
  );
  return rows[0] === undefined ? null : toExport(rows[0]);
}

/**
 * Locks the export row until the transaction of `em` ends, so custody appends to one manifest
 * run one at a time across requests and server instances.
 */
export async function lockExport(
  em: SqlEntityManager,
  siteId: string,
  id: string,
): Promise<EvidenceExport | null> {
  const rows = await em.execute<Row[]>(`${SELECT} where site_id = ? and id = ? for update`, [
    siteId,
    id,
  ]);
  return rows[0] === undefined ? null : toExport(rows[0]);
}

/** Adds one to the download counter and returns the new value. */
export async function incrementDownloads(em: SqlEntityManager, id: string): Promise<number> {
  const rows = await em.execute<Array<{ download_count: number }>>(
    'update evidence_exports set download_count = download_count + 1 where id = ? returning download_count',
    [id],
  );
  return Number(rows[0]?.download_count ?? 0);
}

export interface ExportFilters {
  siteId: string;
  eventId?: string;
  /** Frigate camera name. */
  camera?: string;
  cameraId?: string;
  /** Camera ids the caller may see; null for all. */
  cameraScope: string[] | null;
  /** Inclusive lower bound of `created_at`. */
  from?: Date;
  /** Exclusive upper bound of `created_at`. */
  to?: Date;
  /** Keyset position: rows strictly older than this (created_at, id) pair. */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Lists exports newest first, by keyset on (created_at, id). */
export async function listExports(
  em: SqlEntityManager,
  filters: ExportFilters,
): Promise<EvidenceExport[]> {
  const where = ['site_id = ?'];
  const params: unknown[] = [filters.siteId];

  if (filters.eventId !== undefined) {
    where.push('event_id = ?');
    params.push(filters.eventId);
  }
  if (filters.camera !== undefined) {
    where.push('camera = ?');
    params.push(filters.camera);
  }
  if (filters.cameraId !== undefined) {
    where.push('camera_id = ?');
    params.push(filters.cameraId);
  }

  if (filters.cameraScope !== null) {
    if (filters.cameraScope.length === 0) return [];
    where.push(`camera_id in (${filters.cameraScope.map(() => '?').join(', ')})`);
    params.push(...filters.cameraScope);
  }

  if (filters.from !== undefined) {
    where.push('created_at >= ?');
    params.push(filters.from);
  }
  if (filters.to !== undefined) {
    where.push('created_at < ?');
    params.push(filters.to);
  }
  if (filters.before !== undefined) {
    where.push('(created_at, id) < (?, ?)');
    params.push(filters.before.createdAt, filters.before.id);
  }

  params.push(filters.limit);
  const rows = await em.execute<Row[]>(
    `${SELECT} where ${where.join(' and ')} order by created_at desc, id desc limit ?`,
    params,
  );
  return rows.map(toExport);
}
