/** Shapes of the Centinela HTTP API (`/api/...`), snake_case as served. */

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Camera {
  id: string;
  site_id: string;
  name: string;
  friendly_name: string;
  enabled: boolean;
  online: boolean;
  detections_today: number;
  active_labels: string[];
  last_event_at: string | null;
  snapshot_url: string;
}

export type Severity = 'alert' | 'detection';

export interface CentinelaEvent {
  id: string;
  site_id: string;
  camera_id: string;
  camera: string;
  frigate_event_id: string;
  label: string;
  sub_label: string | null;
  sub_label_score: number | null;
  score: number | null;
  top_score: number | null;
  start_time: string;
  end_time: string | null;
  in_progress: boolean;
  has_clip: boolean;
  has_snapshot: boolean;
  zones: string[];
  severity: Severity | null;
  snapshot_url: string;
  clip_url: string;
  thumbnail_url: string;
}

export interface ReviewItem {
  id: string;
  camera_id: string;
  camera: string;
  frigate_review_id: string;
  severity: Severity;
  start_time: string;
  end_time: string | null;
  objects: string[];
  zones: string[];
  sub_labels: string[];
  event_ids: string[];
}

export type Role = 'SuperAdmin' | 'Admin' | 'ReadOnly';

export interface CurrentUser {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  permissions: string[];
  mfa_enabled: boolean;
  camera_scope: string[] | null;
}

export type EvidenceFormat = 'mp4' | 'jpg';

export interface EvidenceExportRequest {
  event_id: string;
  reason: string;
  format: EvidenceFormat;
}

export interface EvidenceExport {
  id: string;
  event_id: string;
  status: string;
  file_name: string;
  size: number;
  sha256: string;
  created_at: string;
  download_url: string;
  manifest_url: string;
}

export interface EventQuery {
  camera_id?: string;
  label?: string;
  from?: string;
  to?: string;
  has_clip?: boolean;
  cursor?: string;
  limit?: number;
}

export interface ReviewQuery {
  severity?: Severity;
  camera_id?: string;
  cursor?: string;
  limit?: number;
}

/** RFC 9457 problem details as the API returns them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string;
  fix?: string;
  request_id?: string;
}

export type EventMessageKind = 'new' | 'update' | 'end';

export interface EventMessageData {
  kind: EventMessageKind;
  event: CentinelaEvent;
}

/** A `{"type":"message"}` frame of `/api/ws`. */
export interface TopicMessage<T = unknown> {
  type: 'message';
  topic: string;
  seq: number;
  data: T;
}

export const EVIDENCE_EXPORT_PERMISSION = 'evidence:export';
export const EXPORT_REASON_MIN = 3;
export const EXPORT_REASON_MAX = 500;
