import { afterEach, describe, expect, it } from 'vitest';

import type { FrigateEvent } from '../src/types';
import {
  brokerUrl,
  readRetained,
  TopicRecorder,
  uniquePrefix,
  type Envelope,
} from './support/broker';
import { isJpeg, makeTestMedia } from './support/media';
import { freshJson, startSimulator, temporaryFolder } from './support/simulators';

const recorders: TopicRecorder[] = [];

afterEach(async () => {
  for (const recorder of recorders.splice(0)) await recorder.close();
});

async function startWithRecorder(name: string, extra: Parameters<typeof startSimulator>[0] = {}) {
  const prefix = uniquePrefix(name);
  const recorder = await TopicRecorder.start(prefix);
  recorders.push(recorder);
  const simulator = await startSimulator({
    cameras: ['entrada'],
    mqttUrl: brokerUrl,
    topicPrefix: prefix,
    reviewInactivitySeconds: 0,
    ...extra,
  });
  return { prefix, recorder, simulator };
}

function availability(recorder: TopicRecorder): string[] {
  return recorder.on('available').map((message) => message.payload.toString());
}

describe('<prefix>/available', () => {
  it('is retained online while running and offline after a clean stop', async () => {
    const { prefix, simulator } = await startWithRecorder('available');

    expect((await readRetained(`${prefix}/available`))?.toString()).toBe('online');
    await simulator.stop();
    expect((await readRetained(`${prefix}/available`))?.toString()).toBe('offline');
  });

  it('turns offline through the last will when the connection drops', async () => {
    const { recorder, simulator } = await startWithRecorder('will');
    await recorder.waitFor(() => (availability(recorder).includes('online') ? true : undefined));

    await simulator.faults.down();
    await recorder.waitFor(() => (availability(recorder).at(-1) === 'offline' ? true : undefined));
    await simulator.faults.down(false);
    await recorder.waitFor(() => (availability(recorder).at(-1) === 'online' ? true : undefined));
    expect(availability(recorder)).toEqual(['online', 'offline', 'online']);
  });

  it('comes with retained per-camera state topics', async () => {
    const { prefix } = await startWithRecorder('state');

    expect((await readRetained(`${prefix}/entrada/detect/state`))?.toString()).toBe('ON');
    expect((await readRetained(`${prefix}/entrada/review_alerts/state`))?.toString()).toBe('ON');
  });
});

describe('<prefix>/events', () => {
  async function runLifecycle(name: string) {
    const context = await startWithRecorder(name);
    const { simulator } = context;
    const event = simulator.addEvent({ camera: 'entrada', label: 'person', has_snapshot: false });
    simulator.updateEvent(event.id, {
      sub_label: 'Alex',
      has_snapshot: true,
      zones: ['porche'],
      current_zones: ['porche'],
      data: { sub_label_score: 0.82 },
    });
    simulator.endEvent(event.id);
    await simulator.idle();
    const envelopes = await context.recorder.waitFor(() => {
      const found = context.recorder.envelopes('events', event.id);
      return found.length >= 3 ? found : undefined;
    });
    return { ...context, event, envelopes };
  }

  it('sends new, update and end, each before being the previous after', async () => {
    const { envelopes } = await runLifecycle('lifecycle');
    const [created, updated, ended] = envelopes as [Envelope, Envelope, Envelope];

    expect(envelopes.map((envelope) => envelope.type)).toEqual(['new', 'update', 'end']);
    expect(created.before.false_positive).toBe(true);
    expect(created.after.false_positive).toBe(false);
    expect(created.after.end_time).toBeNull();
    expect(updated.before).toEqual(created.after);
    expect(ended.before).toEqual(updated.after);
    expect(ended.after.end_time).toEqual(expect.any(Number));
    expect(ended.after.end_time as number).toBeGreaterThanOrEqual(
      created.after.start_time as number,
    );
  });

  it('serialises before, after, type in that order', async () => {
    const { recorder } = await runLifecycle('order');
    const raw = JSON.parse(recorder.on('events')[0]!.payload.toString()) as object;

    expect(Object.keys(raw)).toEqual(['before', 'after', 'type']);
  });

  it('sends sub_label as [name, score] on MQTT and as a string over REST', async () => {
    const { envelopes, simulator, event } = await runLifecycle('sub-label');
    const rest = await freshJson<FrigateEvent>(`${simulator.url}/api/events/${event.id}`);

    expect(envelopes[0]!.after.sub_label).toBeNull();
    expect(envelopes[1]!.after.sub_label).toEqual(['Alex', 0.82]);
    expect(rest.sub_label).toBe('Alex');
    expect(rest.data.sub_label_score).toBe(0.82);
  });

  it('uses pixel boxes and tracks entered zones', async () => {
    const { envelopes } = await runLifecycle('boxes');
    const after = envelopes[1]!.after as {
      box: number[];
      region: number[];
      entered_zones: string[];
      current_zones: string[];
    };

    for (const value of [...after.box, ...after.region]) expect(Number.isInteger(value)).toBe(true);
    expect(after.box[2]!).toBeLessThanOrEqual(1280);
    expect(after.box[3]!).toBeLessThanOrEqual(720);
    expect(after.entered_zones).toEqual(['porche']);
    expect(after.current_zones).toEqual(['porche']);
    expect(envelopes[2]!.after.current_zones).toEqual([]);
  });

  it('publishes object counts while the object is tracked', async () => {
    const { recorder } = await runLifecycle('counts');
    const counts = await recorder.waitForCount('entrada/person', 2);

    expect(counts.map((message) => message.payload.toString())).toEqual(['1', '0']);
    expect(counts.every((message) => !message.retain)).toBe(true);
  });

  it('publishes the best snapshot as a retained JPEG', async () => {
    const { prefix, simulator } = await startWithRecorder('snapshot');
    const media = await makeTestMedia(await temporaryFolder('snapshot'));
    simulator.addEvent({ camera: 'entrada', label: 'car' }, { snapshotPath: media.snapshotPath });
    await simulator.idle();

    const retained = await readRetained(`${prefix}/entrada/car/snapshot`);
    expect(retained).toBeDefined();
    expect(isJpeg(retained!)).toBe(true);
  });
});

describe('<prefix>/reviews', () => {
  it('opens, promotes and ends a review segment', async () => {
    const { simulator, recorder } = await startWithRecorder('reviews');
    const dog = simulator.addEvent({ camera: 'entrada', label: 'dog' });
    const person = simulator.addEvent({ camera: 'entrada', label: 'person' });
    simulator.endEvent(dog.id);
    simulator.endEvent(person.id);
    await simulator.idle();

    const reviews = await recorder.waitFor(() => {
      const found = recorder.envelopes('reviews');
      return found.some((envelope) => envelope.type === 'end') ? found : undefined;
    });
    expect(reviews.map((envelope) => envelope.type)).toEqual(['new', 'update', 'end']);
    const [opened, promoted, ended] = reviews as [Envelope, Envelope, Envelope];
    expect(opened.before).toEqual(opened.after);
    expect(opened.after.severity).toBe('detection');
    expect(promoted.after.severity).toBe('alert');
    expect((promoted.after.data as { detections: string[] }).detections).toEqual([
      dog.id,
      person.id,
    ]);
    expect((ended.after.data as { objects: string[] }).objects).toEqual(['dog', 'person']);
    expect(opened.after.end_time).toBeNull();
    expect(ended.after.end_time).toEqual(expect.any(Number));
    expect(opened.after.thumb_path).toBe(
      `/media/frigate/clips/review/thumb-entrada-${opened.after.id as string}.webp`,
    );
    const status = recorder
      .on('entrada/review_status')
      .map((message) => message.payload.toString());
    expect(status).toEqual(['DETECTION', 'ALERT', 'NONE']);
  });
});

describe('restart', () => {
  it('closes open events silently on a clean stop', async () => {
    const { simulator, recorder } = await startWithRecorder('restart-clean');
    const event = simulator.addEvent({ camera: 'entrada', label: 'person' });
    await simulator.idle();

    await simulator.restart({ clean: true });
    await recorder.waitFor(() =>
      availability(recorder).at(-1) === 'online' && availability(recorder).length >= 3
        ? true
        : undefined,
    );
    const rest = await freshJson<FrigateEvent>(`${simulator.url}/api/events/${event.id}`);

    expect(availability(recorder)).toEqual(['online', 'offline', 'online']);
    expect(rest.end_time).toEqual(expect.any(Number));
    expect(rest.has_snapshot).toBe(false);
    expect(recorder.envelopes('events', event.id).map((envelope) => envelope.type)).toEqual([
      'new',
    ]);
  });

  it('ends open events at start + 30 s after a crash', async () => {
    const { simulator, recorder } = await startWithRecorder('restart-crash');
    const start = Date.now() / 1000 - 5;
    const event = simulator.addEvent({ camera: 'entrada', label: 'person', start_time: start });
    await simulator.idle();

    await simulator.restart({ clean: false });
    await recorder.waitFor(() => (availability(recorder).length >= 3 ? true : undefined));
    const rest = await freshJson<FrigateEvent>(`${simulator.url}/api/events/${event.id}`);

    expect(availability(recorder)).toEqual(['online', 'offline', 'online']);
    expect(rest.end_time).toBeCloseTo(rest.start_time + 30, 5);
    expect(rest.has_snapshot).toBe(true);
  });
});
