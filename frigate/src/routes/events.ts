import { rm } from 'node:fs/promises';

import { bytes, failure, json } from '../http/results';
import type { RequestContext, Router } from '../http/router';
import { readEventsQuery, selectEvents } from '../query/events-query';
import { ValidationFailure } from '../query/params';
import { toListItem, toSingle } from '../shapes/rest';
import type { RouteDeps } from './deps';
import { requireAdmin } from './guards';

function requireString(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === 'string') return value;
  throw new ValidationFailure([
    {
      type: value === undefined ? 'missing' : 'string_type',
      loc: ['body', field],
      msg: value === undefined ? 'Field required' : 'Input should be a valid string',
      input: body ?? null,
    },
  ]);
}

/** `/api/events`, `/api/event_ids`, `/api/events/<id>` and the event mutations. */
export function registerEventRoutes(router: Router, deps: RouteDeps): void {
  const { store, tracker, layout, version } = deps;

  router.get('/api/events', ({ query }) => {
    const parsed = readEventsQuery(query);
    const rows = selectEvents(store.rows(), parsed, deps.clock());
    return json(
      200,
      rows.map((event) => toListItem(event, parsed.includeThumbnails !== 0)),
    );
  });

  router.get('/api/event_ids', ({ query }) => {
    const ids = (query.get('ids') ?? '').split(',');
    return json(
      200,
      store
        .rows()
        .filter((event) => ids.includes(event.id))
        .map(toSingle),
    );
  });

  router.get('/api/events/{id}', ({ params }) => {
    const tracked = store.get(params.id!);
    if (tracked !== undefined) return json(200, toSingle(tracked.event));
    // 0.13 and 0.14 (Flask) answered plain text; FastAPI (0.15+) a bare JSON string.
    if (version.minor < 15) return bytes(404, 'Event not found', 'text/html; charset=utf-8');
    return json(404, 'Event not found');
  });

  const deleteEvent = async (id: string) => {
    const tracked = store.get(id);
    if (tracked === undefined) return false;
    const { camera } = tracked.event;
    if (tracked.event.has_snapshot) await rm(layout.snapshotPath(camera, id), { force: true });
    tracker.delete(id);
    return true;
  };

  router.delete('/api/events/{id}', async (context) => {
    const denied = requireAdmin(context);
    if (denied !== undefined) return denied;
    const id = context.params.id!;
    if (!(await deleteEvent(id)))
      return json(404, { success: false, message: `Event ${id} not found` });
    return json(200, { success: true, message: `Event ${id} deleted` });
  });

  router.delete('/api/events/', async (context) => {
    const denied = requireAdmin(context);
    if (denied !== undefined) return denied;
    const ids = (context.body as { event_ids?: unknown } | undefined)?.event_ids;
    if (!Array.isArray(ids) || ids.length === 0) return failure(404, 'No event IDs provided.');
    const deleted: string[] = [];
    const missing: string[] = [];
    for (const id of ids.map(String)) ((await deleteEvent(id)) ? deleted : missing).push(id);
    return json(200, { success: true, deleted_events: deleted, not_found_events: missing });
  });

  const setRetain = (context: RequestContext, retain: boolean) => {
    const denied = requireAdmin(context);
    if (denied !== undefined) return denied;
    const id = context.params.id!;
    const tracked = store.get(id);
    if (tracked === undefined)
      return json(404, { success: false, message: `Event ${id} not found` });
    tracked.event.retain_indefinitely = retain;
    store.touch(id);
    return json(200, {
      success: true,
      message: `Event ${id} ${retain ? 'retained' : 'un-retained'}`,
    });
  };
  router.post('/api/events/{id}/retain', (context) => setRetain(context, true));
  router.delete('/api/events/{id}/retain', (context) => setRetain(context, false));

  router.post('/api/events/{id}/sub_label', (context) => {
    const denied = requireAdmin(context);
    if (denied !== undefined) return denied;
    const id = context.params.id!;
    const name = requireString(context.body, 'subLabel');
    const rawScore = (context.body as Record<string, unknown>).subLabelScore;
    const score = typeof rawScore === 'number' ? rawScore : null;
    if (store.get(id) === undefined) return failure(404, `Event ${id} not found.`);
    const subLabel = name === '' ? null : name;
    tracker.update(id, {
      sub_label: subLabel,
      data: { sub_label_score: subLabel === null ? null : score },
    });
    return json(200, {
      success: true,
      message: `Event ${id} sub label set to ${subLabel ?? 'None'}`,
    });
  });

  router.post('/api/events/{camera}/{label}/create', (context) => {
    const denied = requireAdmin(context);
    if (denied !== undefined) return denied;
    const { camera, label } = context.params as { camera: string; label: string };
    if (!deps.cameras().some((info) => info.name === camera))
      return failure(404, `${camera} is not a valid camera.`);
    const body = (context.body ?? {}) as Record<string, unknown>;
    const score = typeof body.score === 'number' ? body.score : 0;
    const tracked = tracker.begin(
      {
        camera,
        label,
        sub_label: typeof body.sub_label === 'string' ? body.sub_label : null,
        has_clip: body.include_recording !== false,
        zones: [],
        data: { type: 'api', score, top_score: score },
      },
      {},
      { publish: false },
    );
    const duration = typeof body.duration === 'number' ? body.duration : 30;
    if (duration > 0) {
      setTimeout(() => tracker.end(tracked.event.id, { publish: false }), duration * 1000).unref();
    }
    return json(200, {
      success: true,
      message: 'Successfully created event.',
      event_id: tracked.event.id,
    });
  });

  router.put('/api/events/{id}/end', (context) => {
    const denied = requireAdmin(context);
    if (denied !== undefined) return denied;
    const id = context.params.id!;
    if (store.get(id) === undefined) return failure(404, `Event ${id} not found.`);
    const endTime = (context.body as { end_time?: unknown } | undefined)?.end_time;
    tracker.end(id, { publish: false, ...(typeof endTime === 'number' ? { endTime } : {}) });
    return json(200, { success: true, message: 'Event successfully ended.' });
  });
}
