import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { SubLabelShape } from '../src/index';
import type { FrigateEvent, SimulatorOptions } from '../src/types';
import { brokerUrl, readRetained, TopicRecorder, uniquePrefix } from './support/broker';
import { makeTestMedia, type TestMedia } from './support/media';
import { fresh, freshJson, startSimulator } from './support/simulators';

let mediaFolder: string;
let media: TestMedia;
const recorders: TopicRecorder[] = [];

beforeAll(async () => {
  mediaFolder = await mkdtemp(join(tmpdir(), 'frigate-test-faults-'));
  media = await makeTestMedia(mediaFolder);
});

afterAll(async () => {
  await rm(mediaFolder, { recursive: true, force: true });
});

afterEach(async () => {
  for (const recorder of recorders.splice(0)) await recorder.close();
});

async function startWithRecorder(name: string, extra: SimulatorOptions = {}) {
  const prefix = uniquePrefix(name);
  const recorder = await TopicRecorder.start(prefix);
  recorders.push(recorder);
  const simulator = await startSimulator({
    cameras: ['entrada'],
    mqttUrl: brokerUrl,
    topicPrefix: prefix,
    ...extra,
  });
  return { prefix, recorder, simulator };
}

function files() {
  return {
    clipPath: media.clipPath,
    snapshotPath: media.snapshotPath,
    thumbnailPath: media.thumbnailPath,
  };
}

describe('fault: down', () => {
  it('refuses connections until it is back up', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });

    await simulator.faults.down();
    await expect(fresh(`${simulator.url}/api/version`)).rejects.toThrow();
    await simulator.faults.down(false);
    expect((await fresh(`${simulator.url}/api/version`)).status).toBe(200);
  });

  it('answers 503 from nginx in 503 mode', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });

    await simulator.faults.down(true, { http: '503' });
    const response = await fresh(`${simulator.url}/api/events`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('503 Service Temporarily Unavailable');
  });

  it('drops MQTT messages published while down', async () => {
    const { recorder, simulator } = await startWithRecorder('down-messages');
    await simulator.faults.down();
    const lost = simulator.addEvent({ camera: 'entrada', label: 'person' });
    await simulator.idle();
    await simulator.faults.down(false);
    const seen = simulator.addEvent({ camera: 'entrada', label: 'car' });
    await simulator.idle();

    await recorder.waitFor(() =>
      recorder.envelopes('events', seen.id).length > 0 ? true : undefined,
    );
    expect(recorder.envelopes('events', lost.id)).toEqual([]);
  });
});

describe('fault: slow', () => {
  it('delays every response', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    simulator.faults.slow(400);

    const started = Date.now();
    const response = await fresh(`${simulator.url}/api/version`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    simulator.faults.slow(0);
  });
});

describe('fault: 404 while in progress', () => {
  it('hides open-event media until the end', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    simulator.faults.notFoundWhileInProgress();
    const event = simulator.addEvent({ camera: 'entrada', label: 'person' }, files());
    const base = `${simulator.url}/api/events/${event.id}`;

    const clip = await fresh(`${base}/clip.mp4`);
    expect(clip.status).toBe(404);
    expect(await clip.json()).toEqual({ success: false, message: 'Clip not available' });
    const snapshot = await fresh(`${base}/snapshot.jpg`);
    expect(snapshot.status).toBe(404);
    expect(await snapshot.json()).toEqual({ success: false, message: 'Live frame not available' });
    expect((await fresh(`${base}/thumbnail.jpg`)).status).toBe(404);

    simulator.endEvent(event.id);
    await simulator.idle();
    expect((await fresh(`${base}/snapshot.jpg`)).status).toBe(200);
    expect((await fresh(`${base}/clip.mp4`)).status).toBe(200);
  });
});

describe('fault: message delivery', () => {
  it('sends every message twice with duplicateMessages', async () => {
    const { recorder, simulator } = await startWithRecorder('duplicates');
    simulator.faults.duplicateMessages();
    const event = simulator.addEvent({ camera: 'entrada', label: 'person' });
    simulator.endEvent(event.id);
    await simulator.idle();

    const envelopes = await recorder.waitFor(() => {
      const found = recorder.envelopes('events', event.id);
      return found.length >= 4 ? found : undefined;
    });
    expect(envelopes.map((envelope) => envelope.type)).toEqual(['new', 'new', 'end', 'end']);
    expect(envelopes[3]).toEqual(envelopes[2]);
  });

  it('replays the last update after end with reorderMessages', async () => {
    const { recorder, simulator } = await startWithRecorder('reorder');
    simulator.faults.reorderMessages();
    const event = simulator.addEvent({ camera: 'entrada', label: 'cat' });
    simulator.updateEvent(event.id, { zones: ['porche'], current_zones: ['porche'] });
    simulator.endEvent(event.id);
    await simulator.idle();

    const envelopes = await recorder.waitFor(() => {
      const found = recorder.envelopes('events', event.id);
      return found.length >= 4 ? found : undefined;
    });
    expect(envelopes.map((envelope) => envelope.type)).toEqual(['new', 'update', 'end', 'update']);
    const [, update, end, stale] = envelopes;
    expect(stale).toEqual({ ...update, type: 'update' });
    expect(stale!.after.end_time).toBeNull();
    expect(stale!.after.frame_time as number).toBeLessThanOrEqual(end!.after.frame_time as number);
  });

  it('drops end messages with dropEndMessages', async () => {
    const { recorder, simulator } = await startWithRecorder('drop-end');
    simulator.faults.dropEndMessages();
    const event = simulator.addEvent({ camera: 'entrada', label: 'person' });
    simulator.endEvent(event.id);
    // Messages of one connection arrive in order, so the marker's `new` comes after any `end`.
    const marker = simulator.addEvent({ camera: 'entrada', label: 'dog' });
    await simulator.idle();

    await recorder.waitFor(() =>
      recorder.envelopes('events', marker.id).length > 0 ? true : undefined,
    );
    expect(recorder.envelopes('events', event.id).map((envelope) => envelope.type)).toEqual([
      'new',
    ]);
    const rest = await freshJson<FrigateEvent>(`${simulator.url}/api/events/${event.id}`);
    expect(rest.end_time).toEqual(expect.any(Number));
  });

  it('leaves a retained stale end message until stop', async () => {
    const { prefix, simulator } = await startWithRecorder('stale');
    await simulator.faults.retainedStaleEvent();

    const retained = await readRetained(`${prefix}/events`);
    expect(retained).toBeDefined();
    const message = JSON.parse(retained!.toString()) as {
      type: string;
      after: { start_time: number; end_time: number };
    };
    expect(message.type).toBe('end');
    expect(Date.now() / 1000 - message.after.start_time).toBeGreaterThan(2 * 86400 - 60);
    expect(message.after.end_time).toBeGreaterThan(message.after.start_time);

    await simulator.stop();
    expect(await readRetained(`${prefix}/events`)).toBeUndefined();
  });
});

describe('fault: sub_label shape', () => {
  it.each<[string, SubLabelShape | undefined, string, unknown]>([
    ['0.16 default', undefined, '0.16.4', ['Alex', 0.82]],
    ['bare string', 'string', '0.16.4', 'Alex'],
    ['score null', 'null-score', '0.16.4', ['Alex', null]],
    ['0.12 default', undefined, '0.12.1', 'Alex'],
  ])('sends %s on MQTT and a string over REST', async (_name, shape, version, expected) => {
    const { recorder, simulator } = await startWithRecorder('sub-label', { version });
    if (shape !== undefined) simulator.faults.subLabelShape(shape);
    const event = simulator.addEvent({ camera: 'entrada', label: 'person' });
    simulator.updateEvent(event.id, { sub_label: 'Alex', data: { sub_label_score: 0.82 } });
    await simulator.idle();

    const envelopes = await recorder.waitFor(() => {
      const found = recorder.envelopes('events', event.id);
      return found.length >= 2 ? found : undefined;
    });
    expect(envelopes[0]!.after.sub_label).toBeNull();
    expect(envelopes[1]!.after.sub_label).toEqual(expected);
    const rest = await freshJson<FrigateEvent>(`${simulator.url}/api/events/${event.id}`);
    expect(rest.sub_label).toBe('Alex');
  });
});

describe('fault: clip not ready', () => {
  it('answers 200 with an empty body in 0.16 mode', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    simulator.faults.clipNotReady();
    const event = simulator.addEvent(
      { camera: 'entrada', label: 'person', end_time: Date.now() / 1000 },
      files(),
    );

    const response = await fresh(`${simulator.url}/api/events/${event.id}/clip.mp4`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 400 in 0.17 mode', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'], version: '0.17.2' });
    simulator.faults.clipNotReady();
    const event = simulator.addEvent(
      { camera: 'entrada', label: 'person', end_time: Date.now() / 1000 },
      files(),
    );

    const response = await fresh(`${simulator.url}/api/events/${event.id}/clip.mp4`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      success: false,
      message: 'No recordings found for the specified time range',
    });
  });
});

describe('fault: streamed clips', () => {
  it('streams a fragmented MP4 without length, ignoring Range', async () => {
    const simulator = await startSimulator({ cameras: ['entrada'] });
    simulator.faults.streamedClips();
    const event = simulator.addEvent(
      { camera: 'entrada', label: 'person', end_time: Date.now() / 1000 },
      files(),
    );

    const response = await fresh(`${simulator.url}/api/events/${event.id}/clip.mp4`, {
      headers: { Range: 'bytes=0-99' },
    });
    const body = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('content-range')).toBeNull();
    expect(body.includes(Buffer.from('moof'))).toBe(true);
  });
});
