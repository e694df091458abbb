import { EntitySchema } from '@mikro-orm/core';

/**
 * Tables of the plugin. The hot paths (ingestion upserts, keyset lists) use SQL directly;
 * these schemas let MikroORM know the tables and serve the simple reads and writes.
 */

/** A Frigate camera known on a site; `name` is Frigate's config key. */
export interface FrigateCamera {
  id: string;
  siteId: string;
  name: string;
  friendlyName: string;
  enabled: boolean;
  detectWidth: number | null;
  detectHeight: number | null;
  detectFps: number | null;
  /** Labels Frigate tracks on the camera (`objects.track`). */
  labels: string[];
  /** Whether the camera was in Frigate's config at the last discovery. */
  inFrigate: boolean;
  lastSeenAt: Date | null;
  /** Set when a user removed the camera; its events stay stored and hidden. */
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One Frigate tracked object ("event"), unique per site and Frigate event id. */
export interface FrigateEvent {
  id: string;
  siteId: string;
  cameraId: string;
  frigateEventId: string;
  label: string;
  subLabel: string | null;
  subLabelScore: number | null;
  score: number | null;
  topScore: number | null;
  startTime: Date;
  endTime: Date | null;
  hasClip: boolean;
  hasSnapshot: boolean;
  zones: string[];
  data: Record<string, unknown>;
  raw: Record<string, unknown>;
  /** Epoch seconds of the newest MQTT frame applied; null when only REST was seen. */
  frameTime: number | null;
  severity: 'alert' | 'detection' | null;
  reviewId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One Frigate review segment (alert or detection), unique per site and Frigate review id. */
export interface FrigateReview {
  id: string;
  siteId: string;
  cameraId: string;
  frigateReviewId: string;
  severity: 'alert' | 'detection';
  startTime: Date;
  endTime: Date | null;
  objects: string[];
  zones: string[];
  subLabels: string[];
  /** Frigate event ids grouped in the review. */
  detections: string[];
  audio: string[];
  thumbPath: string | null;
  raw: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Backfill progress and ingestion counters of one site. */
export interface FrigateSyncState {
  siteId: string;
  /** Epoch seconds (Frigate's own unit) of the newest event start fully read by backfill. */
  eventsWatermark: number | null;
  reviewsWatermark: number | null;
  malformedMessages: number;
  malformedByReason: Record<string, number>;
  lastMalformedAt: Date | null;
  lastBackfillAt: Date | null;
  lastBackfillError: string | null;
  frigateVersion: string | null;
  updatedAt: Date;
}

export const FrigateCameraSchema = new EntitySchema<FrigateCamera>({
  name: 'FrigateCamera',
  tableName: 'frigate_cameras',
  properties: {
    id: { type: 'uuid', primary: true },
    siteId: { type: 'string', fieldName: 'site_id', length: 40 },
    name: { type: 'string', length: 64 },
    friendlyName: { type: 'string', fieldName: 'friendly_name', length: 100 },
    enabled: { type: 'boolean' },
    detectWidth: { type: 'integer', fieldName: 'detect_width', nullable: true },
    detectHeight: { type: 'integer', fieldName: 'detect_height', nullable: true },
    detectFps: { type: 'float', fieldName: 'detect_fps', nullable: true },
    labels: { type: 'json' },
    inFrigate: { type: 'boolean', fieldName: 'in_frigate' },
    lastSeenAt: { type: 'Date', fieldName: 'last_seen_at', nullable: true },
    deletedAt: { type: 'Date', fieldName: 'deleted_at', nullable: true },
    createdAt: { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() },
    updatedAt: {
      type: 'Date',
      fieldName: 'updated_at',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
  },
});

export const FrigateEventSchema = new EntitySchema<FrigateEvent>({
  name: 'FrigateEvent',
  tableName: 'frigate_events',
  properties: {
    id: { type: 'uuid', primary: true },
    siteId: { type: 'string', fieldName: 'site_id', length: 40 },
    cameraId: { type: 'uuid', fieldName: 'camera_id' },
    frigateEventId: { type: 'string', fieldName: 'frigate_event_id', length: 64 },
    label: { type: 'string', length: 100 },
    subLabel: { type: 'string', fieldName: 'sub_label', length: 200, nullable: true },
    subLabelScore: { type: 'double', fieldName: 'sub_label_score', nullable: true },
    score: { type: 'double', nullable: true },
    topScore: { type: 'double', fieldName: 'top_score', nullable: true },
    startTime: { type: 'Date', fieldName: 'start_time' },
    endTime: { type: 'Date', fieldName: 'end_time', nullable: true },
    hasClip: { type: 'boolean', fieldName: 'has_clip' },
    hasSnapshot: { type: 'boolean', fieldName: 'has_snapshot' },
    zones: { type: 'json' },
    data: { type: 'json' },
    raw: { type: 'json' },
    frameTime: { type: 'double', fieldName: 'frame_time', nullable: true },
    severity: { type: 'string', length: 16, nullable: true },
    reviewId: { type: 'uuid', fieldName: 'review_id', nullable: true },
    createdAt: { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() },
    updatedAt: {
      type: 'Date',
      fieldName: 'updated_at',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
  },
});

export const FrigateReviewSchema = new EntitySchema<FrigateReview>({
  name: 'FrigateReview',
  tableName: 'frigate_reviews',
  properties: {
    id: { type: 'uuid', primary: true },
    siteId: { type: 'string', fieldName: 'site_id', length: 40 },
    cameraId: { type: 'uuid', fieldName: 'camera_id' },
    frigateReviewId: { type: 'string', fieldName: 'frigate_review_id', length: 64 },
    severity: { type: 'string', length: 16 },
    startTime: { type: 'Date', fieldName: 'start_time' },
    endTime: { type: 'Date', fieldName: 'end_time', nullable: true },
    objects: { type: 'json' },
    zones: { type: 'json' },
    subLabels: { type: 'json', fieldName: 'sub_labels' },
    detections: { type: 'json' },
    audio: { type: 'json' },
    thumbPath: { type: 'text', fieldName: 'thumb_path', nullable: true },
    raw: { type: 'json' },
    createdAt: { type: 'Date', fieldName: 'created_at', onCreate: () => new Date() },
    updatedAt: {
      type: 'Date',
      fieldName: 'updated_at',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
  },
});

export const FrigateSyncStateSchema = new EntitySchema<FrigateSyncState>({
  name: 'FrigateSyncState',
  tableName: 'frigate_sync_state',
  properties: {
    siteId: { type: 'string', primary: true, fieldName: 'site_id', length: 40 },
    eventsWatermark: { type: 'double', fieldName: 'events_watermark', nullable: true },
    reviewsWatermark: { type: 'double', fieldName: 'reviews_watermark', nullable: true },
    malformedMessages: { type: 'bigint', fieldName: 'malformed_messages' },
    malformedByReason: { type: 'json', fieldName: 'malformed_by_reason' },
    lastMalformedAt: { type: 'Date', fieldName: 'last_malformed_at', nullable: true },
    lastBackfillAt: { type: 'Date', fieldName: 'last_backfill_at', nullable: true },
    lastBackfillError: { type: 'text', fieldName: 'last_backfill_error', nullable: true },
    frigateVersion: { type: 'string', fieldName: 'frigate_version', length: 100, nullable: true },
    updatedAt: {
      type: 'Date',
      fieldName: 'updated_at',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
  },
});

export const FRIGATE_ENTITIES = [
  FrigateCameraSchema,
  FrigateEventSchema,
  FrigateReviewSchema,
  FrigateSyncStateSchema,
];
