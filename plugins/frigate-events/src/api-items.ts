import type { DetectionMessage } from '@centinela/core';
import type { CameraRecord } from './db/camera-store';
import type { EventRecord } from './db/event-rows';
import type { DetectionKind } from './db/event-upsert';
import type { ReviewRecord } from './db/review-rows';
import type { SyncState } from './db/sync-state';
import type { SiteRuntime } from './site-runtime';

/** An event as `GET /api/events` returns it. */
export interface EventItem {
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
  severity: 'alert' | 'detection' | null;
  snapshot_url: string | null;
  clip_url: string | null;
  thumbnail_url: string;
}

export function eventItem(event: EventRecord): EventItem {
  const base = `/api/events/${event.id}`;
  return {
    id: event.id,
    site_id: event.siteId,
    camera_id: event.cameraId,
    camera: event.camera,
    frigate_event_id: event.frigateEventId,
    label: event.label,
    sub_label: event.subLabel,
    sub_label_score: event.subLabelScore,
    score: event.score,
    top_score: event.topScore,
    start_time: event.startTime.toISOString(),
    end_time: event.endTime?.toISOString() ?? null,
    in_progress: event.endTime === null,
    has_clip: event.hasClip,
    has_snapshot: event.hasSnapshot,
    zones: event.zones,
    severity: event.severity,
    // Frigate renders a live snapshot while the event is in progress, even before has_snapshot.
    snapshot_url: event.hasSnapshot || event.endTime === null ? `${base}/snapshot` : null,
    clip_url: event.hasClip ? `${base}/clip` : null,
    thumbnail_url: `${base}/thumbnail`,
  };
}

export function reviewItem(review: ReviewRecord): Record<string, unknown> {
  return {
    id: review.id,
    site_id: review.siteId,
    camera_id: review.cameraId,
    camera: review.camera,
    frigate_review_id: review.frigateReviewId,
    severity: review.severity,
    start_time: review.startTime.toISOString(),
    end_time: review.endTime?.toISOString() ?? null,
    in_progress: review.endTime === null,
    objects: review.objects,
    zones: review.zones,
    sub_labels: review.subLabels,
    audio: review.audio,
    event_ids: review.eventIds,
  };
}

/** Activity numbers shown next to a camera. */
export interface CameraActivity {
  detectionsToday: number;
  activeLabels: string[];
  lastEventAt: Date | null;
}

export function cameraItem(
  camera: CameraRecord,
  activity: CameraActivity,
  online: boolean,
): Record<string, unknown> {
  return {
    id: camera.id,
    site_id: camera.siteId,
    name: camera.name,
    friendly_name: camera.friendlyName,
    enabled: camera.enabled,
    online,
    in_frigate: camera.inFrigate,
    detect: { width: camera.detectWidth, height: camera.detectHeight, fps: camera.detectFps },
    labels: camera.labels,
    detections_today: activity.detectionsToday,
    active_labels: activity.activeLabels,
    last_event_at: activity.lastEventAt?.toISOString() ?? null,
    last_seen_at: camera.lastSeenAt?.toISOString() ?? null,
    snapshot_url: `/api/cameras/${camera.id}/latest.jpg`,
  };
}

export function detectionMessage(kind: DetectionKind, event: EventRecord): DetectionMessage {
  return {
    siteId: event.siteId,
    kind,
    eventId: event.id,
    frigateEventId: event.frigateEventId,
    cameraId: event.cameraId,
    camera: event.camera,
    label: event.label,
    subLabel: event.subLabel,
    score: event.topScore ?? event.score,
    startTime: event.startTime.toISOString(),
    endTime: event.endTime?.toISOString() ?? null,
    hasSnapshot: event.hasSnapshot,
    hasClip: event.hasClip,
    zones: event.zones,
  };
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}

const isoOrNull = (epochSeconds: number | null): string | null =>
  epochSeconds === null ? null : new Date(epochSeconds * 1000).toISOString();

/** Build the body of `GET /api/events/sync`: a site's ingestion state. */
export function syncStatus(runtime: SiteRuntime, state: SyncState): Record<string, unknown> {
  return {
    site_id: runtime.siteId,
    frigate_url: runtime.client === null ? null : withoutCredentials(runtime.client.baseUrl),
    mqtt_prefix: runtime.settings.mqttPrefix,
    frigate_availability: runtime.availability,
    frigate_version: state.frigateVersion,
    poll_interval_seconds: runtime.settings.pollIntervalSeconds,
    events_watermark: isoOrNull(state.eventsWatermark),
    reviews_watermark: isoOrNull(state.reviewsWatermark),
    last_backfill_at: state.lastBackfillAt?.toISOString() ?? null,
    last_backfill_error: state.lastBackfillError,
    malformed_messages: state.malformedMessages,
    malformed_by_reason: state.malformedByReason,
  };
}
