import type { FastifyReply } from 'fastify';
import type { EventRecord } from './db/event-rows';
import { findEvent, findEventByFrigateId } from './db/event-queries';
import { FrigateErrors } from './errors';
import type { FrigateClient } from './frigate-client/client';
import { retainEvent } from './frigate-client/api';
import { problemFor } from './frigate-client/errors';
import type { BackfillCounts } from './ingest/backfill-types';
import { openEventMedia, type MediaKind, type MediaStream } from './media/open-media';
import { sendMedia } from './media/send-media';
import type { FrigateService } from './service-types';
import type { SiteRuntime } from './site-runtime';

/** The plugin's service: per-site runtimes, and the calls other plugins and the routes use. */
export class FrigateEventsService implements FrigateService {
  private readonly runtimes = new Map<string, SiteRuntime>();

  attach(runtime: SiteRuntime): void {
    this.runtimes.set(runtime.siteId, runtime);
  }

  detach(runtime: SiteRuntime): void {
    if (this.runtimes.get(runtime.siteId) === runtime) this.runtimes.delete(runtime.siteId);
  }

  running(): SiteRuntime[] {
    return [...this.runtimes.values()];
  }

  isRunning(siteId: string): boolean {
    return this.runtimes.has(siteId);
  }

  runtime(siteId: string): SiteRuntime {
    const runtime = this.runtimes.get(siteId);
    if (runtime === undefined) {
      throw FrigateErrors.notRunning(siteId, {
        fix: 'Install the frigate-events plugin on the site, or wait for it to start.',
      });
    }
    return runtime;
  }

  getEvent(
    siteId: string,
    eventId: string,
    cameraScope: string[] | null = null,
  ): Promise<EventRecord | null> {
    return findEvent(this.runtime(siteId).sql, siteId, eventId, cameraScope);
  }

  getEventByFrigateId(siteId: string, frigateEventId: string): Promise<EventRecord | null> {
    return findEventByFrigateId(this.runtime(siteId).sql, siteId, frigateEventId);
  }

  /** Find an event the caller may see, or raise 404 (never 403, so other cameras' events stay unknown). */
  async requireEvent(
    siteId: string,
    eventId: string,
    cameraScope: string[] | null,
  ): Promise<EventRecord> {
    const event = await this.getEvent(siteId, eventId, cameraScope);
    if (event === null)
      throw FrigateErrors.eventNotFound(eventId, { fix: 'List events with GET /api/events.' });
    return event;
  }

  async openMedia(
    siteId: string,
    event: EventRecord,
    kind: MediaKind,
    range?: string,
    signal?: AbortSignal,
  ): Promise<MediaStream> {
    const runtime = this.runtime(siteId);
    return openEventMedia(runtime.requireClient(), event, kind, {
      range,
      signal,
      retryMediaSeconds: runtime.settings.retryMediaSeconds,
      headersTimeoutMs: runtime.settings.requestTimeoutSeconds * 1000,
    });
  }

  async openClip(
    siteId: string,
    eventId: string,
    range?: string,
    signal?: AbortSignal,
  ): Promise<MediaStream> {
    return this.openMedia(
      siteId,
      await this.requireEvent(siteId, eventId, null),
      'clip',
      range,
      signal,
    );
  }

  async openSnapshot(siteId: string, eventId: string, signal?: AbortSignal): Promise<MediaStream> {
    return this.openMedia(
      siteId,
      await this.requireEvent(siteId, eventId, null),
      'snapshot',
      undefined,
      signal,
    );
  }

  async openThumbnail(siteId: string, eventId: string, signal?: AbortSignal): Promise<MediaStream> {
    return this.openMedia(
      siteId,
      await this.requireEvent(siteId, eventId, null),
      'thumbnail',
      undefined,
      signal,
    );
  }

  async retainEvent(siteId: string, frigateEventId: string, retain = true): Promise<void> {
    try {
      await retainEvent(this.client(siteId), frigateEventId, retain);
    } catch (error) {
      throw problemFor(error, 'the retain request') ?? error;
    }
  }

  client(siteId: string): FrigateClient {
    return this.runtime(siteId).requireClient();
  }

  frigateVersion(siteId: string): string | null {
    return this.runtimes.get(siteId)?.version?.raw ?? null;
  }

  async sync(siteId: string): Promise<BackfillCounts> {
    try {
      return await this.runtime(siteId).backfill();
    } catch (error) {
      throw problemFor(error, 'the backfill') ?? error;
    }
  }

  async replyWithMedia(
    reply: FastifyReply,
    siteId: string,
    eventId: string,
    kind: MediaKind,
    range?: string,
  ): Promise<FastifyReply> {
    const event = await this.requireEvent(siteId, eventId, null);
    return sendMedia(reply, (signal) => this.openMedia(siteId, event, kind, range, signal));
  }
}
