import { beforeEach, describe, expect, it } from 'vitest';

import type { FrigateEvent, FrigateSimulator } from '../src/types';
import { fresh, freshJson, manualClock, startSimulator } from './support/simulators';

type ListItem = Record<string, unknown> & { id: string };

const listKeys = [
  'id',
  'camera',
  'label',
  'zones',
  'start_time',
  'end_time',
  'has_clip',
  'has_snapshot',
  'plus_id',
  'retain_indefinitely',
  'sub_label',
  'top_score',
  'false_positive',
  'box',
  'data',
  'thumbnail',
];

const singleKeys = [
  'id',
  'label',
  'sub_label',
  'camera',
  'start_time',
  'end_time',
  'top_score',
  'score',
  'false_positive',
  'zones',
  'thumbnail',
  'has_clip',
  'has_snapshot',
  'region',
  'box',
  'area',
  'retain_indefinitely',
  'ratio',
  'plus_id',
  'model_hash',
  'detector_type',
  'model_type',
  'data',
];

const now = 1_717_171_717;

interface Fixture {
  simulator: FrigateSimulator;
  clock: ReturnType<typeof manualClock>;
  /** Oldest first: e1 entrada person, e2 patio car, e3 entrada dog (open), e4 patio person. */
  events: FrigateEvent[];
}

async function startWithEvents(): Promise<Fixture> {
  const clock = manualClock(now);
  const simulator = await startSimulator({ cameras: ['entrada', 'patio'], clock: clock.now });
  const quiet = { publish: false };
  const events = [
    simulator.addEvent(
      {
        camera: 'entrada',
        label: 'person',
        start_time: now - 100.5,
        end_time: now - 90.25,
        zones: ['porche'],
        sub_label: 'Alex',
        data: { score: 0.9, sub_label_score: 0.79 },
      },
      {},
      quiet,
    ),
    simulator.addEvent(
      {
        camera: 'patio',
        label: 'car',
        start_time: now - 80,
        end_time: now - 70,
        has_snapshot: false,
        data: { score: 0.7 },
      },
      {},
      quiet,
    ),
    simulator.addEvent(
      {
        camera: 'entrada',
        label: 'dog',
        start_time: now - 60,
        has_clip: false,
        data: { score: 0.66 },
      },
      {},
      quiet,
    ),
    simulator.addEvent(
      {
        camera: 'patio',
        label: 'person',
        start_time: now - 40,
        end_time: now - 30,
        zones: ['cochera'],
        data: { score: 0.85 },
      },
      {},
      quiet,
    ),
  ];
  await simulator.idle();
  return { simulator, clock, events };
}

async function listIds(fixture: Fixture, query: string): Promise<string[]> {
  const items = await freshJson<ListItem[]>(`${fixture.simulator.url}/api/events${query}`);
  return items.map((item) => item.id);
}

describe('GET /api/events', () => {
  let fixture: Fixture;
  let ids: string[];

  beforeEach(async () => {
    fixture = await startWithEvents();
    ids = fixture.events.map((event) => event.id);
  });

  it('lists newest first with the list keys in order', async () => {
    const items = await freshJson<ListItem[]>(`${fixture.simulator.url}/api/events`);

    expect(items.map((item) => item.id)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    for (const item of items) expect(Object.keys(item)).toEqual(listKeys);
    expect(items[3]!.sub_label).toBe('Alex');
    expect(items[3]!.data).toMatchObject({ score: 0.9, sub_label_score: 0.79 });
    expect(items[1]!.end_time).toBeNull();
    expect(items[0]!.thumbnail).toBeNull();
    expect(items[0]!.top_score).toBeNull();
  });

  it('formats ids as Frigate does', () => {
    for (const id of ids) expect(id).toMatch(/^\d+(\.\d+)?-[a-z0-9]{6}$/);
    expect(ids[0]!.startsWith('1717171616.5-')).toBe(true);
  });

  it.each([
    ['?camera=entrada', [2, 0]],
    ['?cameras=entrada,patio', [3, 2, 1, 0]],
    ['?label=person', [3, 0]],
    ['?labels=car,dog', [2, 1]],
    ['?zone=porche', [0]],
    ['?zones=porche,cochera', [3, 0]],
    ['?zones=None', [2, 1]],
    ['?sub_label=Alex', [0]],
    ['?sub_labels=None', [3, 2, 1]],
    ['?limit=2', [3, 2]],
    ['?has_clip=0', [2]],
    ['?has_clip=1', [3, 1, 0]],
    ['?has_snapshot=0', [1]],
    ['?in_progress=1', [2]],
    ['?in_progress=0', [3, 1, 0]],
    ['?sort=date_asc', [0, 1, 2, 3]],
    ['?sort=score_desc', [0, 3, 1, 2]],
    ['?sort=score_asc', [2, 1, 3, 0]],
    ['?sort=unknown', [3, 2, 1, 0]],
    ['?min_score=0.8', [3, 0]],
    ['?camera=patio&label=person', [3]],
  ])('filters %s', async (query, expected) => {
    expect(await listIds(fixture, query)).toEqual(expected.map((index) => ids[index]));
  });

  it('compares after and before strictly with start_time', async () => {
    const [e1, e2, e3] = fixture.events;

    expect(await listIds(fixture, `?after=${e2!.start_time}`)).toEqual([ids[3], ids[2]]);
    expect(await listIds(fixture, `?before=${e3!.start_time}`)).toEqual([ids[1], ids[0]]);
    expect(await listIds(fixture, `?after=${e1!.start_time}&before=${e3!.start_time}`)).toEqual([
      ids[1],
    ]);
    // `before` filters on the start time: an event that ended after `before` still counts.
    expect(await listIds(fixture, `?before=${e1!.start_time + 1}`)).toEqual([ids[0]]);
  });

  it('ignores after=0 like Frigate', async () => {
    expect(await listIds(fixture, '?after=0')).toHaveLength(4);
  });

  it('finds one event by event_id', async () => {
    expect(await listIds(fixture, `?event_id=${ids[1]}`)).toEqual([ids[1]]);
  });

  it('drops the thumbnail key with include_thumbnails=0', async () => {
    const items = await freshJson<ListItem[]>(
      `${fixture.simulator.url}/api/events?include_thumbnails=0`,
    );

    expect(Object.keys(items[0]!)).toEqual(listKeys.slice(0, -1));
  });

  it('answers 422 with FastAPI detail for an invalid number', async () => {
    const response = await fresh(`${fixture.simulator.url}/api/events?after=yesterday`);
    const body = (await response.json()) as { detail: { loc: string[]; type: string }[] };

    expect(response.status).toBe(422);
    expect(body.detail[0]!.loc).toEqual(['query', 'after']);
    expect(body.detail[0]!.type).toBe('float_parsing');
  });

  it('serves a cached list for 5 seconds unless X-Cache-Bypass is sent', async () => {
    const url = `${fixture.simulator.url}/api/events`;
    const first = await fetch(url);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    expect((await first.json()) as unknown[]).toHaveLength(4);

    fixture.simulator.addEvent(
      { camera: 'patio', label: 'cat', start_time: now - 5, end_time: now - 1 },
      {},
      { publish: false },
    );
    const cached = await fetch(url);
    expect(cached.headers.get('x-cache-status')).toBe('HIT');
    expect((await cached.json()) as unknown[]).toHaveLength(4);

    const bypassed = await fresh(url);
    expect(bypassed.headers.get('x-cache-status')).toBe('BYPASS');
    expect((await bypassed.json()) as unknown[]).toHaveLength(5);

    fixture.clock.advance(5);
    const expired = await fetch(url);
    expect(expired.headers.get('x-cache-status')).toBe('EXPIRED');
    expect((await expired.json()) as unknown[]).toHaveLength(5);
  });

  it('returns at most 100 rows by default', async () => {
    for (let index = 0; index < 101; index += 1) {
      fixture.simulator.addEvent(
        {
          camera: 'entrada',
          label: 'person',
          start_time: now - 1000 - index,
          end_time: now - 999 - index,
        },
        {},
        { publish: false },
      );
    }

    expect(await listIds(fixture, '')).toHaveLength(100);
    expect(await listIds(fixture, '?limit=-1')).toHaveLength(105);
  });
});

describe('GET /api/events/{id}', () => {
  it('returns every column in the model order', async () => {
    const fixture = await startWithEvents();
    const event = await freshJson<Record<string, unknown>>(
      `${fixture.simulator.url}/api/events/${fixture.events[0]!.id}`,
    );

    expect(Object.keys(event)).toEqual(singleKeys);
    expect(event.sub_label).toBe('Alex');
    expect(event.start_time).toBe(now - 100.5);
    expect(event.end_time).toBe(now - 90.25);
    expect(event.model_hash).toEqual(expect.any(String));
    expect(event.score).toBeNull();
  });

  it('answers an unknown id with a bare JSON string', async () => {
    const fixture = await startWithEvents();
    const response = await fresh(`${fixture.simulator.url}/api/events/1717171717.1-zzzzzz`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toBe('Event not found');
  });

  it('answers plain text for an unknown id in 0.14 mode', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'], version: '0.14.1' });
    const response = await fresh(`${simulator.url}/api/events/1717171717.1-zzzzzz`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe('Event not found');
  });
});

describe('POST /api/events/{id}/retain', () => {
  it('marks and unmarks an event as retained', async () => {
    const fixture = await startWithEvents();
    const id = fixture.events[1]!.id;
    const url = `${fixture.simulator.url}/api/events/${id}`;

    const retained = await fresh(`${url}/retain`, { method: 'POST' });
    expect(retained.status).toBe(200);
    expect(await retained.json()).toEqual({ success: true, message: `Event ${id} retained` });
    expect((await freshJson<FrigateEvent>(url)).retain_indefinitely).toBe(true);
    expect(await listIds(fixture, '?favorites=1')).toEqual([id]);

    const released = await fresh(`${url}/retain`, { method: 'DELETE' });
    expect(released.status).toBe(200);
    expect((await freshJson<FrigateEvent>(url)).retain_indefinitely).toBe(false);
  });

  it('answers 404 for an unknown event', async () => {
    const fixture = await startWithEvents();
    const response = await fresh(`${fixture.simulator.url}/api/events/1717171717.1-zzzzzz/retain`, {
      method: 'POST',
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      success: false,
      message: 'Event 1717171717.1-zzzzzz not found',
    });
  });
});

describe('GET /api/review', () => {
  type Review = {
    id: string;
    camera: string;
    severity: string;
    end_time: number | null;
    has_been_reviewed: boolean;
    data: { detections: string[] };
  };

  it('lists review items newest first with their detections', async () => {
    const fixture = await startWithEvents();
    const reviews = await freshJson<Review[]>(`${fixture.simulator.url}/api/review`);
    const byEvent = (id: string) => reviews.find((review) => review.data.detections.includes(id));

    expect(reviews).toHaveLength(4);
    expect(reviews[0]!.data.detections).toEqual([fixture.events[3]!.id]);
    expect(Object.keys(reviews[0]!)).toEqual([
      'id',
      'camera',
      'start_time',
      'end_time',
      'severity',
      'thumb_path',
      'data',
      'has_been_reviewed',
    ]);
    expect(byEvent(fixture.events[0]!.id)?.severity).toBe('alert');
    expect(byEvent(fixture.events[2]!.id)?.severity).toBe('detection');
    expect(byEvent(fixture.events[2]!.id)?.end_time).toBeNull();
  });

  it('filters by camera, severity and reviewed state', async () => {
    const fixture = await startWithEvents();
    const base = `${fixture.simulator.url}/api/review`;

    const patio = await freshJson<Review[]>(`${base}?cameras=patio`);
    expect(patio.map((review) => review.camera)).toEqual(['patio', 'patio']);
    const detections = await freshJson<Review[]>(`${base}?severity=detection`);
    expect(detections.map((review) => review.data.detections[0])).toEqual([fixture.events[2]!.id]);

    const first = patio[0]!;
    const viewed = await fresh(`${fixture.simulator.url}/api/reviews/viewed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [first.id] }),
    });
    expect(viewed.status).toBe(200);
    const unreviewed = await freshJson<Review[]>(base);
    expect(unreviewed.map((review) => review.id)).not.toContain(first.id);
    const all = await freshJson<Review[]>(`${base}?reviewed=1`);
    expect(all.find((review) => review.id === first.id)?.has_been_reviewed).toBe(true);
  });

  it('serves review items injected with addReview', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'], clock: manualClock(now).now });
    const data = {
      detections: ['1717171700.5-abc123'],
      objects: ['person'],
      sub_labels: [],
      zones: [],
      audio: [],
    };
    const base = {
      camera: 'entrada',
      end_time: now - 10,
      severity: 'alert' as const,
      thumb_path: '/media/frigate/clips/review/x.webp',
      data,
    };
    simulator.addReview({ ...base, id: '1717171700.2-rev001', start_time: now - 20 });
    simulator.addReview({
      ...base,
      id: '1717171690.2-rev002',
      start_time: now - 30,
      has_been_reviewed: true,
    });

    const unreviewed = await freshJson<Review[]>(`${simulator.url}/api/review`);
    expect(unreviewed.map((review) => review.id)).toEqual(['1717171700.2-rev001']);
    const all = await freshJson<Review[]>(`${simulator.url}/api/review?reviewed=1`);
    expect(all.map((review) => [review.id, review.has_been_reviewed])).toEqual([
      ['1717171700.2-rev001', false],
      ['1717171690.2-rev002', true],
    ]);
  });

  it('finds the review of an event and answers 404 for an unknown one', async () => {
    const fixture = await startWithEvents();
    const eventId = fixture.events[0]!.id;

    const review = await freshJson<Review>(`${fixture.simulator.url}/api/review/event/${eventId}`);
    expect(review.data.detections).toContain(eventId);
    const missing = await fresh(`${fixture.simulator.url}/api/review/1717171717.1-nonexi`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ success: false, message: 'Review item not found' });
  });
});

describe('info endpoints', () => {
  it('returns the version as text/plain', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    const response = await fresh(`${simulator.url}/api/version`);

    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/^0\.16\.4-[0-9a-f]{7}$/);
  });

  it('returns the config without secrets and with the schema version', async () => {
    const simulator = await startSimulator({ cameras: ['entrada', 'patio'], mqttUrl: undefined });
    const config = await freshJson<{
      version: unknown;
      mqtt: Record<string, unknown>;
      cameras: Record<
        string,
        { detect: { fps: number }; ffmpeg: { inputs: { path: string; roles: string[] }[] } }
      >;
    }>(`${simulator.url}/api/config`);

    expect(config.version).toBe('0.16-0');
    expect(Object.keys(config.cameras)).toEqual(['entrada', 'patio']);
    expect(config.cameras.entrada!.detect.fps).toBe(5);
    expect(config.cameras.entrada!.ffmpeg.inputs.map((input) => input.roles)).toEqual([
      ['detect'],
      ['record'],
    ]);
    expect(config.mqtt).not.toHaveProperty('password');
  });

  it.each([
    ['0.14.1', undefined, 0.14],
    ['0.16.4', '0.16-0', '0.16-0'],
    ['0.16.4', 0.14, 0.14],
  ] as const)('writes config version for %s (%s)', async (version, configVersion, expected) => {
    const simulator = await startSimulator({
      cameras: ['entrada'],
      version,
      ...(configVersion === undefined ? {} : { configVersion }),
    });

    expect((await freshJson<{ version: unknown }>(`${simulator.url}/api/config`)).version).toBe(
      expected,
    );
  });

  it('leaves the config version out for 0.13 or when set to null', async () => {
    const old = await startSimulator({ cameras: ['entrada'], version: '0.13.2' });
    const none = await startSimulator({ cameras: ['entrada'], configVersion: null });

    expect(await freshJson(`${old.url}/api/config`)).not.toHaveProperty('version');
    expect(await freshJson(`${none.url}/api/config`)).not.toHaveProperty('version');
  });

  it('returns stats per camera and the service version', async () => {
    const fixture = await startWithEvents();
    const stats = await freshJson<{
      cameras: Record<
        string,
        { camera_fps: number; detection_fps: number; detection_enabled: boolean }
      >;
      detectors: Record<string, { inference_speed: number }>;
      service: { version: string; uptime: number; storage: Record<string, { total: number }> };
    }>(`${fixture.simulator.url}/api/stats`);

    expect(Object.keys(stats.cameras)).toEqual(['entrada', 'patio']);
    // The open dog event keeps entrada's detector busy.
    expect(stats.cameras.entrada!.detection_fps).toBeGreaterThan(0);
    expect(stats.cameras.patio!.detection_fps).toBe(0);
    expect(stats.detectors.cpu!.inference_speed).toBeGreaterThan(0);
    expect(stats.service.version).toMatch(/^0\.16\.4-/);
    expect(stats.service.storage['/media/frigate/recordings']!.total).toBeGreaterThan(0);
  });

  it('records the requests it received', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    await fresh(`${simulator.url}/api/events?limit=1`);

    const last = simulator.requests.at(-1);
    expect(last?.method).toBe('GET');
    expect(last?.url).toBe('/api/events?limit=1');
    expect(last?.headers['x-cache-bypass']).toBe('1');
    expect(last?.authenticatedPort).toBe(false);
  });

  it('answers FastAPI 404 for an unknown path', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    const response = await fresh(`${simulator.url}/api/nothing/here/at/all`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ detail: 'Not Found' });
  });
});
