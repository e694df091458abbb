import type { FastifyInstance } from 'fastify';
import { eventItem, reviewItem, syncStatus } from '../api-items';
import { listEvents, listReviews } from '../db/event-queries';
import type { FrigateEventsService } from '../service';
import { cursorParam, scopeOf, timeRange } from './params';
import {
  eventsQuery,
  idParams,
  reviewsQuery,
  siteOnlyQuery,
  type EventsQuery,
  type ReviewsQuery,
} from './schemas';

/** `GET /api/events`, `GET /api/events/{id}`, `POST /api/events/sync`, `GET /api/reviews`. */
export function registerEventRoutes(app: FastifyInstance, service: FrigateEventsService): void {
  app.get<{ Querystring: EventsQuery }>(
    '/events',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: 'Events newest first, keyset-paginated.',
        querystring: eventsQuery,
      },
    },
    async (request) => {
      const query = request.query;
      const runtime = service.runtime(request.siteId);
      const page = await listEvents(runtime.sql, {
        siteId: request.siteId,
        cameraScope: scopeOf(request),
        ...(query.camera_id === undefined ? {} : { cameraId: query.camera_id }),
        ...(query.label === undefined ? {} : { label: query.label }),
        ...timeRange(query.from, query.to),
        ...(query.has_clip === undefined ? {} : { hasClip: query.has_clip }),
        ...(query.cursor === undefined ? {} : { cursor: cursorParam(query.cursor) }),
        limit: query.limit,
      });
      return { items: page.items.map(eventItem), next_cursor: page.nextCursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/events/:id',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: 'One event.',
        params: idParams,
        querystring: siteOnlyQuery,
      },
    },
    async (request) =>
      eventItem(await service.requireEvent(request.siteId, request.params.id, scopeOf(request))),
  );

  app.post(
    '/events/sync',
    {
      config: { permission: 'events:sync' },
      schema: {
        tags: ['events'],
        summary: 'Run a backfill from Frigate now and return what it read and changed.',
        querystring: siteOnlyQuery,
      },
    },
    async (request) => service.sync(request.siteId),
  );

  app.get(
    '/events/sync',
    {
      config: { permission: 'events:sync' },
      schema: {
        tags: ['events'],
        summary:
          'Backfill progress, the last error, and how many Frigate messages were rejected as malformed.',
        querystring: siteOnlyQuery,
      },
    },
    async (request) => {
      const runtime = service.runtime(request.siteId);
      await runtime.saveMalformed();
      return syncStatus(runtime, await runtime.syncState.get(request.siteId));
    },
  );

  app.get<{ Querystring: ReviewsQuery }>(
    '/reviews',
    {
      config: { permission: 'events:read' },
      schema: {
        tags: ['events'],
        summary: 'Review segments newest first, keyset-paginated.',
        querystring: reviewsQuery,
      },
    },
    async (request) => {
      const query = request.query;
      const runtime = service.runtime(request.siteId);
      const page = await listReviews(runtime.sql, {
        siteId: request.siteId,
        cameraScope: scopeOf(request),
        ...(query.camera_id === undefined ? {} : { cameraId: query.camera_id }),
        ...(query.severity === undefined ? {} : { severity: query.severity }),
        ...(query.cursor === undefined ? {} : { cursor: cursorParam(query.cursor) }),
        limit: query.limit,
      });
      return { items: page.items.map(reviewItem), next_cursor: page.nextCursor };
    },
  );
}
