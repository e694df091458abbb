import type { FastifyInstance } from 'fastify';
import { latestSnapshotEvent } from '../db/event-queries';
import { FrigateErrors } from '../errors';
import type { MediaKind } from '../media/open-media';
import { sendMedia } from '../media/send-media';
import type { FrigateEventsService } from '../service';
import { scopeOf } from './params';
import { idParams, mediaQuery, rangeHeaders } from './schemas';

const SUMMARIES: Record<MediaKind, string> = {
  snapshot: "The event's snapshot (JPEG), streamed from Frigate.",
  clip: "The event's clip (MP4), streamed from Frigate; honours Range.",
  thumbnail: "The event's thumbnail (JPEG or WebP, as Frigate stored it).",
};

/** Media proxy: `/api/events/{id}/snapshot|clip|thumbnail` and `/api/cameras/{id}/latest.jpg`. */
export function registerMediaRoutes(app: FastifyInstance, service: FrigateEventsService): void {
  for (const kind of ['snapshot', 'clip', 'thumbnail'] as const) {
    app.get<{ Params: { id: string }; Headers: { range?: string } }>(
      `/events/:id/${kind}`,
      {
        config: { permission: 'events:read' },
        schema: {
          tags: ['events'],
          summary: SUMMARIES[kind],
          params: idParams,
          querystring: mediaQuery,
          headers: rangeHeaders,
        },
      },
      async (request, reply) => {
        const event = await service.requireEvent(
          request.siteId,
          request.params.id,
          scopeOf(request),
        );
        const range = kind === 'clip' ? request.headers.range : undefined;
        return sendMedia(reply, (signal) =>
          service.openMedia(request.siteId, event, kind, range, signal),
        );
      },
    );
  }

  app.get<{ Params: { id: string } }>(
    '/cameras/:id/latest.jpg',
    {
      config: { permission: 'cameras:read' },
      schema: {
        tags: ['cameras'],
        summary: "Snapshot of the camera's newest event that has one.",
        params: idParams,
        querystring: mediaQuery,
      },
    },
    async (request, reply) => {
      const runtime = service.runtime(request.siteId);
      const scope = scopeOf(request);
      const camera = runtime.cameras.byId(request.params.id);
      if (
        camera === undefined ||
        camera.deletedAt !== null ||
        (scope !== null && !scope.includes(camera.id))
      ) {
        throw FrigateErrors.cameraNotFound(request.params.id, {
          fix: 'List cameras with GET /api/cameras.',
        });
      }
      const event = await latestSnapshotEvent(runtime.sql, request.siteId, camera.id);
      if (event === null) throw FrigateErrors.cameraNoSnapshot(camera.name);
      return sendMedia(reply, (signal) =>
        service.openMedia(request.siteId, event, 'snapshot', undefined, signal),
      );
    },
  );
}
