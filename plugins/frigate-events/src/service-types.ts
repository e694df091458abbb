import type { ActorRef } from '@centinela/core';
import type { FastifyReply } from 'fastify';
import type { EventRecord } from './db/event-rows';
import type { FrigateClient } from './frigate-client/client';
import type { BackfillCounts } from './ingest/backfill-types';
import type { MediaKind, MediaStream } from './media/open-media';

/** A camera added, changed or removed through the API (the audit log records it). */
export interface CameraChangedMessage {
  siteId: string;
  cameraId: string;
  /** Frigate's camera key. */
  name: string;
  action: 'create' | 'update' | 'delete';
  /** Fields set by the request, snake_case as in the API. */
  changes: Record<string, unknown>;
  actor: ActorRef;
}

/**
 * Service the frigate-events plugin offers other plugins (`services.get('frigate')`). Event ids
 * are Centinela's ids unless the name says Frigate. Media methods raise problems with codes
 * CEN_ERR_EVENT_NOT_FOUND / _NO_CLIP / _NO_SNAPSHOT (404), CEN_ERR_EVENT_MEDIA_NOT_READY
 * (409), CEN_ERR_FRIGATE_UNREACHABLE / _BAD_RESPONSE (502) and CEN_ERR_FRIGATE_TIMEOUT (504).
 */
export interface FrigateService {
  /** An event of the site; null when unknown, of a removed camera, or outside `cameraScope`. */
  getEvent(
    siteId: string,
    eventId: string,
    cameraScope?: string[] | null,
  ): Promise<EventRecord | null>;
  getEventByFrigateId(siteId: string, frigateEventId: string): Promise<EventRecord | null>;
  /** The event's clip as a stream; `range` is an HTTP Range header value. */
  openClip(
    siteId: string,
    eventId: string,
    range?: string,
    signal?: AbortSignal,
  ): Promise<MediaStream>;
  openSnapshot(siteId: string, eventId: string, signal?: AbortSignal): Promise<MediaStream>;
  openThumbnail(siteId: string, eventId: string, signal?: AbortSignal): Promise<MediaStream>;
  /** `POST /api/events/<id>/retain` (or `DELETE` with `retain` false) in Frigate. */
  retainEvent(siteId: string, frigateEventId: string, retain?: boolean): Promise<void>;
  /** The site's Frigate client (for calls this service does not wrap). */
  client(siteId: string): FrigateClient;
  /** Frigate's version text from the last successful backfill, e.g. `0.16.4-a1b2c3d`. */
  frigateVersion(siteId: string): string | null;
  /** Run a backfill now and return what it read and changed. */
  sync(siteId: string): Promise<BackfillCounts>;
  /**
   * Stream one event's media as the reply (for routes of other plugins, such as signed media
   * links). Scope checks are the caller's job.
   */
  replyWithMedia(
    reply: FastifyReply,
    siteId: string,
    eventId: string,
    kind: MediaKind,
    range?: string,
  ): Promise<FastifyReply>;
}

declare module '@centinela/core' {
  interface CentinelaServices {
    frigate: FrigateService;
  }
  interface BusTopics {
    'camera.changed': CameraChangedMessage;
  }
}
