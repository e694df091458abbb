/**
 * Shapes the portal reads from the Centinela API, snake_case as served. Fields marked
 * optional are shown when present; the portal does not depend on them.
 */

export type Role = 'SuperAdmin' | 'Admin' | 'ReadOnly';
export const ROLES: readonly Role[] = ['SuperAdmin', 'Admin', 'ReadOnly'];

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface CurrentUser {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  permissions: string[];
  mfa_enabled: boolean;
  camera_scope: string[] | null;
  must_change_password?: boolean;
  /** The login policy requires TOTP for this role and it is not set up yet. */
  mfa_enrollment_required?: boolean;
  /** How the session was established; `ingress` means Home Assistant signed the user in. */
  via?: 'password' | 'cookie' | 'bearer' | 'ingress' | string;
}

export interface LoginResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  user: CurrentUser;
}

export interface TotpEnrollment {
  secret: string;
  otpauth_uri: string;
  qr_svg?: string;
  qr_data_url?: string;
}

export interface TotpVerification {
  enabled: boolean;
  recovery_codes: string[];
}

export interface Site {
  id: string;
  name: string;
  timezone?: string;
  mqtt_prefix?: string;
}

export interface CameraSummary {
  id: string;
  site_id: string;
  name: string;
  friendly_name: string;
}

export interface EvidenceItem {
  id: string;
  event_id: string;
  status: string;
  file_name: string;
  size: number;
  sha256: string;
  created_at: string;
  download_url?: string;
  manifest_url?: string;
  camera?: string;
  label?: string;
  reason?: string;
  actor_email?: string;
  format?: string;
}

/** `POST /api/evidence/{id}/verify`: the stored file re-hashed and the manifest checked. */
export interface EvidenceVerification {
  match: boolean;
  sha256_expected?: string;
  /** Null when the file is missing from the vault. */
  sha256_actual?: string | null;
  signature_valid?: boolean;
  custody_valid?: boolean;
  /** Set when the manifest cannot be read or the chain is broken. */
  problem?: string | null;
}

export interface AuditEntry {
  id: string;
  seq?: number;
  at?: string;
  created_at?: string;
  actor_id?: string | null;
  actor_email?: string | null;
  action: string;
  /** What the action touched, such as `evidence/<id>` or `plugin/gdrive-backup`. */
  resource?: string | null;
  site_id?: string | null;
  address?: string | null;
  user_agent?: string | null;
  details?: Record<string, unknown> | null;
  hash?: string;
}

/** `GET /api/audit/verify`: valid, or the first entry that was changed or whose link broke. */
export interface AuditChainState {
  valid: boolean;
  checked: number;
  first_broken: {
    id: string;
    at: string;
    reason: 'hash_mismatch' | 'chain_mismatch' | string;
  } | null;
  head_hash?: string | null;
}

export type BackupStatus = 'running' | 'ok' | 'failed' | 'partial' | 'queued' | string;

export interface BackupJob {
  /** `recordings`, `clips` or `evidence`. */
  kind: string;
  status: string;
  /** rclone destination such as `gdrive-crypt:centinela/recordings/2026-12-03`. */
  destination?: string;
  bytes?: number;
  files?: number;
  checks?: number;
  /** Why a job was skipped, such as a missing source folder. */
  reason?: string | null;
  error?: { message: string; code?: string } | null;
}

export interface BackupRun {
  id: string;
  site_id?: string;
  day: string;
  dry_run: boolean;
  status: BackupStatus;
  trigger?: string;
  started_at: string;
  finished_at?: string | null;
  bytes?: number;
  files?: number;
  checks?: number;
  errors?: { job?: string; message: string; code?: string }[];
  jobs?: BackupJob[];
  log_excerpt?: string;
  actor_id?: string | null;
}

/**
 * `data` of a `backups:<site>` WebSocket message: `started` and `finished` carry the run,
 * `progress` carries the rclone counters of one job and phase.
 */
export interface BackupMessage {
  kind: 'started' | 'progress' | 'finished' | string;
  run_id?: string;
  run?: BackupRun;
  job?: string;
  phase?: string;
  bytes?: number;
  total_bytes?: number;
  transfers?: number;
  total_transfers?: number;
  /** Seconds left, or null when rclone cannot estimate it. */
  eta?: number | null;
}

export interface StorageForecast {
  /** UTC day whose recordings were measured; null when there are none yet. */
  day?: string | null;
  cameras: { camera: string; mbps: number; gb_per_day: number }[];
  retention_days: number;
  total_gb: number;
  gb_per_day?: number;
  exceeds_daily_upload_limit?: boolean;
  daily_upload_limit_gb?: number;
}

export interface UserItem {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  active: boolean;
  mfa_enabled?: boolean;
  camera_scope: string[] | null;
  last_login_at?: string | null;
  must_change_password?: boolean;
  locked_until?: string | null;
  /** `home_assistant` for accounts created from Home Assistant ingress. */
  source?: 'local' | 'home_assistant' | string;
}

/** Answer of a password reset, and the field beside a created user: shown once. */
export interface OneTimePasswordResponse {
  one_time_password?: string;
}

export interface PluginInfo {
  name: string;
  version: string;
  description: string;
  mandatory: boolean;
  depends_on: string[];
  permissions?: unknown[];
  state?: string;
  refused_reason?: string | null;
  config_schema: Record<string, unknown>;
  secret_config_keys?: string[];
}

export interface SitePlugin {
  name: string;
  version?: string;
  mandatory?: boolean;
  state?: string;
  installed: boolean;
  enabled: boolean;
  config: Record<string, unknown> | null;
}
