import { randomUUID } from 'node:crypto';
import type { CamerasChangedMessage } from '@centinela/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import {
  headersFor,
  QUIET_CONFIG,
  startHarness,
  type Harness,
  type Item,
  WAIT,
} from './support/harness';

describe('cameras, events and reviews API', () => {
  let harness: Harness;
  const base = Math.floor(Date.now() / 1000) - 7200;
  /** Frigate event ids in the order they were added. */
  const frigateIds: string[] = [];
  let cameraIds: Record<string, string> = {};

  beforeAll(async () => {
    harness = await startHarness();
    // Seven finished events on two cameras; four of them share two start times. Person and
    // car make alerts in Frigate's default review config, dog a detection.
    const starts = [0, 10, 10, 20, 30, 30, 40];
    starts.forEach((offset, index) => {
      const event = harness.frigate.addEvent(
        {
          camera: index % 2 === 0 ? 'driveway' : 'back_yard',
          label: index < 4 ? 'person' : 'dog',
          start_time: base + offset + 0.5,
          end_time: base + offset + 5.5,
          has_clip: index !== 3,
        },
        {},
        { publish: false },
      );
      frigateIds.push(event.id);
    });
    const counts = await harness.sync();
    expect(counts.events_created).toBe(7);
    const cameras = (await harness.request('GET', '/api/cameras')).json().items as Item[];
    cameraIds = Object.fromEntries(cameras.map((camera) => [camera.name, camera.id as string]));
  });

  afterAll(async () => {
    await harness?.destroy();
  });

  async function listAll(
    path: string,
    query: string,
    options: Parameters<Harness['request']>[2] = {},
  ): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const url = `${path}?${query}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const response = await harness.request('GET', url, options);
      expect(response.statusCode).toBe(200);
      const body = response.json() as { items: Item[]; next_cursor: string | null };
      items.push(...body.items);
      cursor = body.next_cursor;
      if (cursor === null) break;
    }
    return items;
  }

  const listEvents = (query: string, options: Parameters<Harness['request']>[2] = {}) =>
    listAll('/api/events', query, options);

  it("lists the cameras of Frigate's config", async () => {
    const cameras = (await harness.request('GET', '/api/cameras')).json().items as Item[];
    expect(cameras.map((camera) => camera.name)).toEqual(['back_yard', 'driveway']);
    const driveway = cameras.find((camera) => camera.name === 'driveway');
    expect(driveway).toMatchObject({
      friendly_name: 'driveway',
      enabled: true,
      online: true,
      in_frigate: true,
      detect: { width: 1280, height: 720, fps: 5 },
      labels: ['person'],
      detections_today: expect.any(Number),
      snapshot_url: `/api/cameras/${driveway?.id as string}/latest.jpg`,
    });
    expect(driveway?.last_event_at).toBe(new Date((base + 40.5) * 1000).toISOString());
  });

  it('announces the cameras on the bus when the plugin starts', async () => {
    const messages: CamerasChangedMessage[] = [];
    const subscription = harness.centinela.bus
      .on('cameras.changed')
      .subscribe((message) => messages.push(message));
    try {
      await harness.configure(QUIET_CONFIG);
      await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0), WAIT);
    } finally {
      subscription.unsubscribe();
    }
    expect(messages.at(-1)).toEqual({
      siteId: 'casa',
      cameras: [
        {
          id: cameraIds.back_yard,
          name: 'back_yard',
          friendlyName: 'back_yard',
          labels: ['person'],
          enabled: true,
        },
        {
          id: cameraIds.driveway,
          name: 'driveway',
          friendlyName: 'driveway',
          labels: ['person'],
          enabled: true,
        },
      ],
    });
  });

  it('returns every event once across keyset pages with equal start times', async () => {
    const items = await listEvents('limit=2');
    expect(items.map((item) => item.frigate_event_id).sort()).toEqual([...frigateIds].sort());
    const starts = items.map((item) => Date.parse(item.start_time as string));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it('filters by camera, label, clip and time range', async () => {
    expect(await listEvents(`camera_id=${cameraIds.driveway}`)).toHaveLength(4);
    expect(await listEvents('label=dog')).toHaveLength(3);
    expect(await listEvents('has_clip=false')).toHaveLength(1);
    const from = new Date((base + 10) * 1000).toISOString();
    const to = new Date((base + 30) * 1000).toISOString();
    const ranged = await listEvents(`from=${from}&to=${to}`);
    expect(ranged.map((item) => item.frigate_event_id).sort()).toEqual(
      [frigateIds[1], frigateIds[2], frigateIds[3]].sort(),
    );
  });

  it('lists reviews by severity', async () => {
    const alerts = await listAll('/api/reviews', 'severity=alert&limit=3');
    const detections = await listAll('/api/reviews', 'severity=detection');
    expect(alerts).toHaveLength(4);
    expect(detections).toHaveLength(3);
    expect(new Set(alerts.map((review) => review.severity))).toEqual(new Set(['alert']));
    expect(detections.flatMap((review) => review.objects)).toEqual(['dog', 'dog', 'dog']);
  });

  it('hides other cameras from a scoped user', async () => {
    // A scope entry that is no camera id (free text in the user record) matches nothing.
    const scoped = { role: 'ReadOnly' as const, cameras: [cameraIds.driveway!, 'not-a-camera'] };
    const items = await listEvents('limit=50', scoped);
    expect(items.map((item) => item.camera)).toEqual([
      'driveway',
      'driveway',
      'driveway',
      'driveway',
    ]);
    const reviews = await listAll('/api/reviews', 'limit=50', scoped);
    expect(new Set(reviews.map((review) => review.camera))).toEqual(new Set(['driveway']));

    const other = (await listEvents(`camera_id=${cameraIds.back_yard}`))[0]!;
    for (const path of ['', '/snapshot', '/clip', '/thumbnail']) {
      const response = await harness.request(
        'GET',
        `/api/events/${other.id as string}${path}`,
        scoped,
      );
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('CEN_ERR_EVENT_NOT_FOUND');
    }

    const cameras = (await harness.request('GET', '/api/cameras', scoped)).json().items as Item[];
    expect(cameras.map((camera) => camera.name)).toEqual(['driveway']);
    const still = await harness.request(
      'GET',
      `/api/cameras/${cameraIds.back_yard!}/latest.jpg`,
      scoped,
    );
    expect(still.statusCode).toBe(404);
    expect(still.json().code).toBe('CEN_ERR_CAMERA_NOT_FOUND');

    const nothing = await listEvents('limit=50', { role: 'ReadOnly', cameras: [] });
    expect(nothing).toEqual([]);
  });

  it('returns one event by id', async () => {
    const [first] = await listEvents('limit=1');
    const response = await harness.request('GET', `/api/events/${first?.id as string}`, {
      role: 'ReadOnly',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(first);
  });

  it.each([
    ['/api/events/not-a-uuid', 'params/id'],
    ['/api/events?limit=500', 'querystring/limit'],
    ['/api/events?limit=0', 'querystring/limit'],
    ['/api/events?camera_id=driveway', 'querystring/camera_id'],
    ['/api/events?from=yesterday', 'querystring/from'],
    ['/api/events?has_clip=maybe', 'querystring/has_clip'],
    ['/api/events?cursor=bm90LWEtY3Vyc29y', 'querystring/cursor'],
    ['/api/events?colour=red', 'querystring/colour'],
    ['/api/reviews?severity=high', 'querystring/severity'],
    [
      `/api/events?from=${new Date().toISOString()}&to=${new Date(0).toISOString()}`,
      'querystring/to',
    ],
  ])('rejects %s naming %s', async (url, field) => {
    const response = await harness.request('GET', url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().field).toBe(field);
  });

  it('answers 404 for an unknown event id', async () => {
    const response = await harness.request('GET', `/api/events/${randomUUID()}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('CEN_ERR_EVENT_NOT_FOUND');
  });

  it('lets only SuperAdmin and Admin run a sync', async () => {
    expect(
      (await harness.request('POST', '/api/events/sync', { role: 'ReadOnly' })).statusCode,
    ).toBe(403);
    const sync = await harness.request('POST', '/api/events/sync', { role: 'Admin' });
    expect(sync.statusCode).toBe(200);
    expect(sync.json()).toMatchObject({
      events_created: 0,
      pages: expect.any(Number),
      events_watermark: expect.any(String),
    });
    expect((await harness.request('GET', '/api/events', { role: null })).statusCode).toBe(401);
  });

  it('adds, renames, disables and removes a camera', async () => {
    const missing = await harness.request('POST', '/api/cameras', { payload: { name: 'attic' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({
      code: 'CEN_ERR_CAMERA_NOT_IN_FRIGATE',
      field: 'body/name',
    });

    const exists = await harness.request('POST', '/api/cameras', { payload: { name: 'driveway' } });
    expect(exists.statusCode).toBe(409);
    expect(exists.json().code).toBe('CEN_ERR_CAMERA_EXISTS');

    const forbidden = await harness.request('PATCH', `/api/cameras/${cameraIds.driveway!}`, {
      role: 'Admin',
      payload: { friendly_name: 'Entrada' },
    });
    expect(forbidden.statusCode).toBe(403);

    const changes: unknown[] = [];
    const lists: CamerasChangedMessage[] = [];
    const subscriptions = [
      harness.centinela.bus.on('camera.changed').subscribe((message) => changes.push(message)),
      harness.centinela.bus.on('cameras.changed').subscribe((message) => lists.push(message)),
    ];
    const renamed = await harness.request('PATCH', `/api/cameras/${cameraIds.driveway!}`, {
      payload: { friendly_name: 'Entrada', enabled: false },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({
      friendly_name: 'Entrada',
      enabled: false,
      online: false,
    });
    expect(lists.at(-1)?.cameras.find((camera) => camera.name === 'driveway')).toMatchObject({
      friendlyName: 'Entrada',
      enabled: false,
    });

    // A disabled camera's detections are not stored.
    const ignored = harness.frigate.addEvent({ camera: 'driveway', label: 'person' });
    const marker = harness.frigate.addEvent({ camera: 'back_yard', label: 'cat' });
    await vi.waitFor(async () => expect(await harness.event(marker.id)).toBeDefined(), WAIT);
    await harness.drain();
    expect(await harness.rowCount(ignored.id)).toBe(0);

    const removed = await harness.request('DELETE', `/api/cameras/${cameraIds.back_yard!}`);
    expect(removed.statusCode).toBe(204);
    const cameras = (await harness.request('GET', '/api/cameras')).json().items as Item[];
    expect(cameras.map((camera) => camera.name)).toEqual(['driveway']);
    expect(lists.at(-1)?.cameras.map((camera) => camera.name)).toEqual(['driveway']);
    expect(await listEvents(`camera_id=${cameraIds.back_yard!}`)).toHaveLength(0);

    const restored = await harness.request('POST', '/api/cameras', {
      payload: { name: 'back_yard', friendly_name: 'Patio' },
    });
    expect(restored.statusCode).toBe(201);
    expect(restored.json()).toMatchObject({
      id: cameraIds.back_yard,
      friendly_name: 'Patio',
      enabled: true,
    });
    expect(await listEvents(`camera_id=${cameraIds.back_yard!}`)).toHaveLength(4);

    const incomplete = await harness.request('PUT', `/api/cameras/${cameraIds.driveway!}`, {
      payload: { enabled: true },
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().field).toBe('body/friendly_name');
    const replaced = await harness.request('PUT', `/api/cameras/${cameraIds.driveway!}`, {
      payload: { friendly_name: 'Driveway', enabled: true },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ friendly_name: 'Driveway', enabled: true });

    for (const subscription of subscriptions) subscription.unsubscribe();
    expect(changes).toEqual([
      expect.objectContaining({
        action: 'update',
        name: 'driveway',
        changes: { friendly_name: 'Entrada', enabled: false },
      }),
      expect.objectContaining({ action: 'delete', name: 'back_yard' }),
      expect.objectContaining({
        action: 'create',
        name: 'back_yard',
        actor: expect.objectContaining({ id: 'user-SuperAdmin' }),
      }),
      expect.objectContaining({
        action: 'update',
        name: 'driveway',
        changes: { friendly_name: 'Driveway', enabled: true },
      }),
    ]);
  });

  it('pushes detections over the WebSocket within the camera scope', async () => {
    const address = await harness.centinela.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `${address.replace('http', 'ws')}/api/ws`;
    const open = (headers: Record<string, string>) =>
      new Promise<{ socket: WebSocket; messages: Item[] }>((resolve, reject) => {
        const socket = new WebSocket(url, { headers });
        const messages: Item[] = [];
        socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Item));
        socket.on('error', reject);
        socket.on('open', () => {
          socket.send(
            JSON.stringify({ type: 'subscribe', topics: ['events:casa', 'reviews:casa'] }),
          );
          resolve({ socket, messages });
        });
      });
    const everyone = await open(headersFor({ role: 'ReadOnly' }));
    const scoped = await open(headersFor({ role: 'ReadOnly', cameras: [cameraIds.driveway!] }));
    await vi.waitFor(
      () => expect(scoped.messages.some((message) => message.type === 'subscribed')).toBe(true),
      WAIT,
    );
    await vi.waitFor(
      () => expect(everyone.messages.some((message) => message.type === 'subscribed')).toBe(true),
      WAIT,
    );

    const yard = harness.frigate.addEvent({ camera: 'back_yard', label: 'dog' });
    await vi.waitFor(async () => expect(await harness.event(yard.id)).toBeDefined(), WAIT);
    const drive = harness.frigate.addEvent({ camera: 'driveway', label: 'person' });

    const eventIds = (messages: Item[]) =>
      messages
        .filter((message) => message.type === 'message' && message.topic === 'events:casa')
        .map((message) => (message.data as { event: Item }).event.frigate_event_id as string);
    await vi.waitFor(() => expect(eventIds(everyone.messages)).toEqual([yard.id, drive.id]), WAIT);
    await vi.waitFor(() => expect(eventIds(scoped.messages)).toEqual([drive.id]), WAIT);
    const pushed = everyone.messages.find((message) => message.topic === 'events:casa') as {
      data: { kind: string; event: Item };
    };
    expect(pushed.data.kind).toBe('new');
    expect(pushed.data.event).toMatchObject({
      camera: 'back_yard',
      label: 'dog',
      in_progress: true,
    });
    const reviewCameras = (messages: Item[]) =>
      messages
        .filter((message) => message.type === 'message' && message.topic === 'reviews:casa')
        .map((message) => (message.data as { review: Item }).review.camera as string);
    await vi.waitFor(() => expect(reviewCameras(scoped.messages)).toContain('driveway'), WAIT);
    await vi.waitFor(() => expect(reviewCameras(everyone.messages)).toContain('back_yard'), WAIT);
    expect(reviewCameras(scoped.messages)).not.toContain('back_yard');
    everyone.socket.close();
    scoped.socket.close();
  });
});
