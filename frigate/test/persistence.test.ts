import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import {
  loadState,
  StateWriter,
  type PersistedState,
  type StateSource,
} from '../src/store/persistence';
import type { FrigateEvent, FrigateReview } from '../src/types';
import { freshJson, startSimulator, temporaryFolder } from './support/simulators';

function event(id: string, endTime: number | null = 1_717_171_730): FrigateEvent {
  return {
    id,
    label: 'person',
    sub_label: null,
    camera: 'entrada',
    start_time: 1_717_171_717,
    end_time: endTime,
    top_score: null,
    score: null,
    false_positive: null,
    zones: [],
    thumbnail: null,
    has_clip: true,
    has_snapshot: true,
    region: null,
    box: null,
    area: null,
    retain_indefinitely: false,
    ratio: 1,
    plus_id: null,
    model_hash: null,
    detector_type: null,
    model_type: null,
    data: {},
  };
}

function review(id: string): FrigateReview {
  return {
    id,
    camera: 'entrada',
    start_time: 1_717_171_717,
    end_time: null,
    severity: 'alert',
    thumb_path: `/media/frigate/clips/review/thumb-entrada-${id}.webp`,
    data: { detections: [], objects: [], sub_labels: [], zones: [], audio: [] },
  };
}

/** In-memory stores behind a writer, as the simulator wires them. */
function memoryStores() {
  const events = new Map<string, FrigateEvent>();
  const reviews = new Map<string, FrigateReview>();
  let reviewed: Record<string, string[]> = {};
  const source: StateSource = {
    event: (id) => {
      const found = events.get(id);
      return found === undefined ? undefined : { event: found, media: {} };
    },
    review: (id) => reviews.get(id),
    reviewed: () => reviewed,
    snapshot: (): PersistedState => ({
      events: [...events.values()].map((value) => ({ event: value, media: {} })),
      reviews: [...reviews.values()],
      reviewed,
    }),
  };
  return {
    events,
    reviews,
    source,
    setReviewed: (value: Record<string, string[]>) => {
      reviewed = value;
    },
  };
}

async function writerIn(folder: string) {
  const stores = memoryStores();
  const errors: unknown[] = [];
  const path = join(folder, 'events.json');
  const writer = new StateWriter(path, stores.source, (error) => errors.push(error), 10_000);
  await writer.compact();
  return { ...stores, writer, path, errors };
}

describe('StateWriter and loadState', () => {
  it('returns undefined before anything was saved', async () => {
    expect(await loadState(join(await temporaryFolder('state'), 'events.json'))).toBeUndefined();
  });

  it('appends changed records and reads them back', async () => {
    const folder = await temporaryFolder('state');
    const { events, reviews, writer, path, setReviewed, errors } = await writerIn(folder);

    events.set('a', event('a'));
    events.set('b', event('b', null));
    writer.eventChanged('a');
    writer.eventChanged('b');
    reviews.set('r', review('r'));
    writer.reviewChanged('r');
    setReviewed({ admin: ['r'] });
    writer.reviewedStateChanged();
    await writer.flush();
    events.get('b')!.end_time = 1_717_171_800;
    writer.eventChanged('b');
    events.delete('a');
    writer.eventChanged('a');
    await writer.flush();

    const state = await loadState(path);
    expect(errors).toEqual([]);
    expect(state?.events.map((entry) => [entry.event.id, entry.event.end_time])).toEqual([
      ['b', 1_717_171_800],
    ]);
    expect(state?.reviews.map((entry) => entry.id)).toEqual(['r']);
    expect(state?.reviewed).toEqual({ admin: ['r'] });
  });

  it('keeps the snapshot small by journaling only changes', async () => {
    const folder = await temporaryFolder('state');
    const { events, writer, path } = await writerIn(folder);
    for (const id of ['a', 'b', 'c']) {
      events.set(id, event(id));
      writer.eventChanged(id);
    }
    await writer.flush();
    writer.eventChanged('c');
    await writer.flush();

    const journal = (await readFile(join(folder, 'events.1.journal'), 'utf8')).trim().split('\n');
    expect(journal).toHaveLength(4);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ generation: 1, events: [] });
  });

  it('skips a torn last line', async () => {
    const folder = await temporaryFolder('state');
    const { events, writer, path } = await writerIn(folder);
    events.set('a', event('a'));
    writer.eventChanged('a');
    await writer.flush();
    await appendFile(join(folder, 'events.1.journal'), '{"event":{"event":{"id":"b"');

    const state = await loadState(path);
    expect(state?.events.map((entry) => entry.event.id)).toEqual(['a']);
  });

  it('starts a new journal generation on compact and removes the old one', async () => {
    const folder = await temporaryFolder('state');
    const { events, writer, path } = await writerIn(folder);
    events.set('a', event('a'));
    writer.eventChanged('a');
    await writer.flush();

    await writer.compact();
    expect((await readdir(folder)).sort()).toEqual(['events.json']);
    const state = await loadState(path);
    expect(state?.generation).toBe(2);
    expect(state?.events.map((entry) => entry.event.id)).toEqual(['a']);
  });

  it('ignores a leftover journal of the next generation', async () => {
    const folder = await temporaryFolder('state');
    const { events, writer, path } = await writerIn(folder);
    // A crash between two compactions could leave such a file behind.
    await writeFile(join(folder, 'events.2.journal'), `${JSON.stringify({ deleteEvent: 'a' })}\n`);
    events.set('a', event('a'));

    await writer.compact();
    expect((await loadState(path))?.events.map((entry) => entry.event.id)).toEqual(['a']);
  });
});

describe('simulator restart from disk', () => {
  it('closes crash-open events at start + 30 s', async () => {
    const mediaDir = await temporaryFolder('restart');
    const first = await startSimulator({ cameras: ['entrada'], mediaDir });
    // Recent times, because the retention sweep at start deletes events older than 10 days.
    const now = Math.floor(Date.now() / 1000);
    const finished = first.addEvent({
      camera: 'entrada',
      label: 'car',
      start_time: now - 100,
      end_time: now - 90,
    });
    const open = first.addEvent({ camera: 'entrada', label: 'person', start_time: now - 60 });
    // The writer appends within a second; the first simulator is never stopped, like a crash.
    await delay(1300);

    const second = await startSimulator({ cameras: ['entrada'], mediaDir });
    const events = await freshJson<FrigateEvent[]>(`${second.url}/api/events?sort=date_asc`);

    expect(events.map((item) => item.id)).toEqual([finished.id, open.id]);
    expect(events[1]!.end_time).toBe(now - 30);
  });

  it('keeps cleanly stopped events without snapshot', async () => {
    const mediaDir = await temporaryFolder('restart');
    const first = await startSimulator({ cameras: ['entrada'], mediaDir });
    const open = first.addEvent({ camera: 'entrada', label: 'person' });
    await first.stop();

    const second = await startSimulator({ cameras: ['entrada'], mediaDir });
    const stored = await freshJson<FrigateEvent>(`${second.url}/api/events/${open.id}`);
    expect(stored.end_time).toEqual(expect.any(Number));
    expect(stored.has_snapshot).toBe(false);
  });
});
