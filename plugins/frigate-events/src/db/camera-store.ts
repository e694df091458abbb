import type { FrigateCameraConfig } from '../frigate-client/api';
import {
  isUuid,
  json,
  pgTime,
  pgTimeOrFail,
  scopeIds,
  TEXTS_FROM_JSON,
  UUIDS_FROM_JSON,
  type Sql,
} from './sql';

export interface CameraRecord {
  id: string;
  siteId: string;
  /** Frigate's camera key. */
  name: string;
  friendlyName: string;
  enabled: boolean;
  detectWidth: number | null;
  detectHeight: number | null;
  detectFps: number | null;
  labels: string[];
  inFrigate: boolean;
  lastSeenAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
}

interface CameraRow {
  id: string;
  site_id: string;
  name: string;
  friendly_name: string;
  enabled: boolean;
  detect_width: number | null;
  detect_height: number | null;
  detect_fps: number | null;
  labels: string[] | null;
  in_frigate: boolean;
  last_seen_at: unknown;
  deleted_at: unknown;
  created_at: unknown;
}

function toCamera(row: CameraRow): CameraRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    friendlyName: row.friendly_name,
    enabled: row.enabled,
    detectWidth: row.detect_width,
    detectHeight: row.detect_height,
    detectFps: row.detect_fps,
    labels: row.labels ?? [],
    inFrigate: row.in_frigate,
    lastSeenAt: pgTime(row.last_seen_at),
    deletedAt: pgTime(row.deleted_at),
    createdAt: pgTimeOrFail(row.created_at),
  };
}

/** A camera with what the camera list shows next to it. */
export interface CameraWithActivity {
  camera: CameraRecord;
  detectionsToday: number;
  activeLabels: string[];
  lastEventAt: Date | null;
}

/** Reads and writes of `frigate_cameras`. */
export class CameraStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Cameras not removed, with detections since local midnight in `timezone`, labels of open
   * events and the newest event start. `scope` limits the cameras (null = all).
   */
  async listWithActivity(
    siteId: string,
    timezone: string,
    scope: string[] | null,
  ): Promise<CameraWithActivity[]> {
    const params: unknown[] = [timezone, timezone, siteId];
    let scopeSql = '';
    if (scope !== null) {
      scopeSql = `and c.id in (${UUIDS_FROM_JSON})`;
      params.push(scopeIds(scope));
    }
    const rows = await this.sql.query<
      CameraRow & { today: number; active: string[] | null; last_event: unknown }
    >(
      `select c.*,
         (select count(*) from frigate_events e where e.site_id = c.site_id and e.camera_id = c.id
            and e.start_time >= (date_trunc('day', now() at time zone ?) at time zone ?))::int as today,
         (select coalesce(jsonb_agg(distinct e.label), '[]'::jsonb) from frigate_events e
            where e.site_id = c.site_id and e.camera_id = c.id and e.end_time is null) as active,
         (select max(e.start_time) from frigate_events e where e.site_id = c.site_id and e.camera_id = c.id) as last_event
       from frigate_cameras c
       where c.site_id = ? and c.deleted_at is null ${scopeSql}
       order by c.name`,
      params,
    );
    return rows.map((row) => ({
      camera: toCamera(row),
      detectionsToday: row.today,
      activeLabels: (row.active ?? []).slice().sort(),
      lastEventAt: pgTime(row.last_event),
    }));
  }

  /** List every camera of a site, removed ones included. */
  async all(siteId: string): Promise<CameraRecord[]> {
    const rows = await this.sql.query<CameraRow>(
      'select * from frigate_cameras where site_id = ? order by name',
      [siteId],
    );
    return rows.map(toCamera);
  }

  async byId(siteId: string, id: string): Promise<CameraRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.sql.one<CameraRow>(
      'select * from frigate_cameras where site_id = ? and id = ?',
      [siteId, id],
    );
    return row === undefined ? null : toCamera(row);
  }

  /** Create rows for camera names seen in detections but not known yet; returns every named row. */
  async ensure(siteId: string, names: string[]): Promise<CameraRecord[]> {
    const list = json([...new Set(names)]);
    await this.sql.query(
      `insert into frigate_cameras (site_id, name, friendly_name, last_seen_at)
       select ?, name, name, now() from (${TEXTS_FROM_JSON}) as n(name)
       on conflict (site_id, name) do nothing`,
      [siteId, list],
    );
    const rows = await this.sql.query<CameraRow>(
      `select * from frigate_cameras where site_id = ? and name in (${TEXTS_FROM_JSON})`,
      [siteId, list],
    );
    return rows.map(toCamera);
  }

  /**
   * Store what Frigate's config lists: detect size, labels and presence. New cameras are
   * added; removed ones are not brought back, and user-set names are kept.
   */
  async applyDiscovery(siteId: string, cameras: FrigateCameraConfig[]): Promise<void> {
    const payload = cameras.map((camera) => ({
      name: camera.name,
      friendly_name: (camera.friendlyName ?? camera.name).slice(0, 100),
      detect_width: camera.detectWidth === null ? null : Math.round(camera.detectWidth),
      detect_height: camera.detectHeight === null ? null : Math.round(camera.detectHeight),
      detect_fps: camera.detectFps,
      labels: camera.labels,
    }));
    await this.sql.query(
      `insert into frigate_cameras as c (site_id, name, friendly_name, detect_width, detect_height, detect_fps, labels,
         in_frigate, last_seen_at)
       select ?, name, friendly_name, detect_width, detect_height, detect_fps, labels, true, now()
       from jsonb_to_recordset(?::jsonb) as x(name text, friendly_name text, detect_width integer,
         detect_height integer, detect_fps real, labels jsonb)
       on conflict (site_id, name) do update set
         detect_width = excluded.detect_width, detect_height = excluded.detect_height,
         detect_fps = excluded.detect_fps, labels = excluded.labels, in_frigate = true,
         last_seen_at = now(), updated_at = now()`,
      [siteId, json(payload)],
    );
    await this.sql.query(
      `update frigate_cameras set in_frigate = false, updated_at = now()
       where site_id = ? and in_frigate and name not in (${TEXTS_FROM_JSON})`,
      [siteId, json(cameras.map((camera) => camera.name))],
    );
  }

  /** Add a camera by name, or bring back a removed one; null when it exists already. */
  async create(
    siteId: string,
    name: string,
    friendlyName: string,
    config: FrigateCameraConfig | null,
  ): Promise<CameraRecord | null> {
    const row = await this.sql.one<CameraRow>(
      `insert into frigate_cameras as c (site_id, name, friendly_name, detect_width, detect_height, detect_fps, labels,
         in_frigate, last_seen_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, now())
       on conflict (site_id, name) do update set
         deleted_at = null, enabled = true, friendly_name = excluded.friendly_name,
         detect_width = coalesce(excluded.detect_width, c.detect_width),
         detect_height = coalesce(excluded.detect_height, c.detect_height),
         detect_fps = coalesce(excluded.detect_fps, c.detect_fps), in_frigate = excluded.in_frigate, updated_at = now()
       where c.deleted_at is not null
       returning *`,
      [
        siteId,
        name,
        friendlyName,
        config?.detectWidth ?? null,
        config?.detectHeight ?? null,
        config?.detectFps ?? null,
        json(config?.labels ?? ['person']),
        config !== null,
      ],
    );
    return row === undefined ? null : toCamera(row);
  }

  async update(
    siteId: string,
    id: string,
    changes: { friendlyName?: string; enabled?: boolean },
  ): Promise<CameraRecord | null> {
    const row = await this.sql.one<CameraRow>(
      `update frigate_cameras set friendly_name = coalesce(?, friendly_name), enabled = coalesce(?, enabled), updated_at = now()
       where site_id = ? and id = ? and deleted_at is null returning *`,
      [changes.friendlyName ?? null, changes.enabled ?? null, siteId, id],
    );
    return row === undefined ? null : toCamera(row);
  }

  async softDelete(siteId: string, id: string): Promise<CameraRecord | null> {
    const row = await this.sql.one<CameraRow>(
      `update frigate_cameras set deleted_at = now(), updated_at = now()
       where site_id = ? and id = ? and deleted_at is null returning *`,
      [siteId, id],
    );
    return row === undefined ? null : toCamera(row);
  }

  async touch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.sql.query(
      `update frigate_cameras set last_seen_at = now() where id in (select (jsonb_array_elements_text(?::jsonb))::uuid)`,
      [json(ids)],
    );
  }
}
