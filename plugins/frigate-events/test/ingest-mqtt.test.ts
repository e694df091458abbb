import type { DetectionMessage } from '@centinela/core';
import type { SubLabelShape } from '@centinela/frigate-simulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness, type Item, WAIT } from './support/harness';
import { JPEG_BYTES, mediaFolder, type MediaFolder } from './support/media-files';
import {
  mqttDuplicates,
  mqttEnd,
  mqttLegacy,
  mqttMalformed,
  mqttNew,
  mqttReviewEnd,
  mqttReviewNew,
  mqttUpdate,
} from './support/payloads';

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();

describe('MQTT ingestion', () => {
  let harness: Harness;
  let folder: MediaFolder;
  let snapshotPath: string;
  const detections: DetectionMessage[] = [];

  beforeAll(async () => {
    folder = mediaFolder();
    snapshotPath = folder.file('snapshot.jpg', JPEG_BYTES);
    harness = await startHarness();
    harness.centinela.bus.on('detection').subscribe((message) => detections.push(message));
  });

  afterAll(async () => {
    await harness?.destroy();
    folder?.remove();
  });

  function kindsOf(frigateEventId: string): string[] {
    return detections
      .filter((detection) => detection.frigateEventId === frigateEventId)
      .map((detection) => detection.kind);
  }

  it('stores one tracked object from new to end in its final state', async () => {
    const { frigate } = harness;
    const started = frigate.addEvent(
      { camera: 'driveway', label: 'person', zones: ['driveway_apron'] },
      { snapshotPath },
    );
    await harness.eventWhen(started.id, (event) => event.in_progress === true);
    frigate.updateEvent(started.id, {
      sub_label: 'Alex',
      zones: ['driveway_apron', 'porch'],
      data: { sub_label_score: 0.82, top_score: 0.88 },
    });
    const ended = frigate.endEvent(started.id);

    const event = await harness.eventWhen(started.id, (stored) => stored.in_progress === false);
    expect(event).toMatchObject({
      camera: 'driveway',
      label: 'person',
      sub_label: 'Alex',
      sub_label_score: 0.82,
      top_score: 0.88,
      start_time: iso(started.start_time),
      end_time: iso(ended.end_time!),
      has_clip: true,
      has_snapshot: true,
      zones: ['driveway_apron', 'porch'],
      severity: 'alert',
    });
    expect(await harness.rowCount(started.id)).toBe(1);
    expect(kindsOf(started.id)).toEqual(['new', 'update', 'end']);
    expect(
      detections.find(
        (detection) => detection.frigateEventId === started.id && detection.kind === 'end',
      ),
    ).toMatchObject({
      siteId: 'casa',
      eventId: event.id,
      camera: 'driveway',
      cameraId: event.camera_id,
      subLabel: 'Alex',
      hasSnapshot: true,
      endTime: iso(ended.end_time!),
    });
  });

  it("stores Frigate's review segment and links its event", async () => {
    const started = harness.frigate.addEvent({ camera: 'back_yard', label: 'car' });
    harness.frigate.endEvent(started.id);
    const event = await harness.eventWhen(started.id, (stored) => stored.in_progress === false);
    let review: Item | undefined;
    await vi.waitFor(async () => {
      const items = (await harness.request('GET', '/api/reviews')).json().items as Item[];
      review = items.find((item) => (item.event_ids as string[]).includes(event.id as string));
      expect(review?.in_progress).toBe(false);
    }, WAIT);
    expect(review).toMatchObject({ camera: 'back_yard', severity: 'alert', objects: ['car'] });
  });

  it.each<[SubLabelShape, number | null]>([
    ['array', 0.7],
    ['null-score', null],
    ['string', null],
  ])('reads a sub_label sent as %s', async (shape, score) => {
    harness.frigate.faults.subLabelShape(shape);
    try {
      const started = harness.frigate.addEvent({
        camera: 'driveway',
        sub_label: 'Kim',
        data: { sub_label_score: 0.7 },
      });
      const event = await harness.eventWhen(started.id, (stored) => stored.sub_label !== null);
      expect(event.sub_label).toBe('Kim');
      expect(event.sub_label_score).toBe(score);
    } finally {
      harness.frigate.faults.subLabelShape(undefined);
    }
  });

  it('keeps one correct row when Frigate repeats and reorders messages', async () => {
    const { frigate } = harness;
    frigate.faults.duplicateMessages(true);
    frigate.faults.reorderMessages(true);
    try {
      const started = frigate.addEvent({ camera: 'back_yard', label: 'dog' });
      frigate.updateEvent(started.id, { zones: ['lawn'], data: { top_score: 0.9 } });
      const ended = frigate.endEvent(started.id);
      await frigate.idle();
      // A marker sent after everything else: once it is stored, so is the rest.
      const marker = frigate.addEvent({ camera: 'back_yard', label: 'cat' });
      await harness.eventWhen(marker.id, () => true);
      await harness.drain();

      expect(await harness.event(started.id)).toMatchObject({
        in_progress: false,
        end_time: iso(ended.end_time!),
        zones: ['lawn'],
        top_score: 0.9,
      });
      expect(await harness.rowCount(started.id)).toBe(1);
      expect(kindsOf(started.id)).toEqual(['new', 'update', 'end']);
    } finally {
      frigate.faults.duplicateMessages(false);
      frigate.faults.reorderMessages(false);
    }
  });

  it('stores every MQTT payload shape of the contract', async () => {
    const { frigate } = harness;
    await frigate.publishEventMessage('new', mqttNew.before, mqttNew.after);
    await frigate.publishEventMessage('update', mqttUpdate.before, mqttUpdate.after);
    await frigate.publishEventMessage('end', mqttEnd.before, mqttEnd.after);
    await frigate.publishEventMessage('update', mqttLegacy.before, mqttLegacy.after);
    await frigate.publishReviewMessage('new', mqttReviewNew.before, mqttReviewNew.after);
    await frigate.publishReviewMessage('end', mqttReviewEnd.before, mqttReviewEnd.after);

    const event = await harness.eventWhen(
      '1717175000.111111-m1n2b3',
      (stored) => stored.in_progress === false,
    );
    expect(event).toMatchObject({
      camera: 'driveway',
      label: 'person',
      sub_label: 'Alex',
      sub_label_score: 0.82,
      top_score: 0.85,
      score: 0.88,
      start_time: iso(1717175000.111111),
      end_time: iso(1717175019.77),
      has_clip: true,
      has_snapshot: true,
      zones: ['driveway_apron', 'porch'],
    });
    expect(kindsOf('1717175000.111111-m1n2b3')).toEqual(['new', 'update', 'end']);

    expect(await harness.eventWhen('1680000000.5-old001', () => true)).toMatchObject({
      sub_label: 'Alex',
      sub_label_score: null,
      top_score: 0.72,
      in_progress: true,
    });

    let review: Item | undefined;
    await vi.waitFor(async () => {
      const items = (await harness.request('GET', '/api/reviews?severity=alert')).json()
        .items as Item[];
      review = items.find((item) => item.frigate_review_id === '1717175000.2-rv0001');
      expect(review?.in_progress).toBe(false);
    }, WAIT);
    expect(review).toMatchObject({
      camera: 'driveway',
      severity: 'alert',
      objects: ['car', 'person'],
      sub_labels: ['Alex'],
      zones: ['driveway_apron', 'porch'],
      end_time: iso(1717175031.7),
      event_ids: [event.id],
    });
    expect((await harness.event('1717175000.111111-m1n2b3'))?.severity).toBe('alert');
  });

  it('never moves an ended event backwards', async () => {
    const { frigate } = harness;
    for (const message of mqttDuplicates)
      await frigate.publishEventMessage(
        message.type as 'end' | 'update',
        message.before,
        message.after,
      );
    // An update after the end, newer than it, with a new zone: the zone counts, the end stays.
    const reopen = {
      ...mqttEnd.after,
      end_time: null,
      frame_time: 1717175030.0,
      entered_zones: ['street'],
    };
    await frigate.publishEventMessage('update', mqttEnd.after, reopen);
    const marker = frigate.addEvent({ camera: 'driveway', label: 'person' });
    await harness.eventWhen(marker.id, () => true);
    await harness.drain();

    expect(await harness.event('1717177000.9-dup001')).toMatchObject({
      in_progress: false,
      end_time: iso(1717177044.1),
      label: 'cat',
    });
    expect(await harness.rowCount('1717177000.9-dup001')).toBe(1);
    expect(kindsOf('1717177000.9-dup001')).toEqual(['end']);
    const reopened = await harness.event('1717175000.111111-m1n2b3');
    expect(reopened?.in_progress).toBe(false);
    expect(reopened?.zones).toEqual(['driveway_apron', 'porch', 'street']);
  });

  it('ignores an update older than the stored frame', async () => {
    const id = '1717178000.5-order1';
    const base = {
      id,
      camera: 'driveway',
      label: 'person',
      start_time: 1717178000.5,
      end_time: null,
      has_clip: true,
    };
    await harness.frigate.publishEventMessage('new', base, {
      ...base,
      frame_time: 1717178010,
      sub_label: ['Sam', 0.9],
      score: 0.9,
    });
    await harness.frigate.publishEventMessage('update', base, {
      ...base,
      frame_time: 1717178005,
      sub_label: ['Kim', 0.6],
      score: 0.5,
    });
    const marker = harness.frigate.addEvent({ camera: 'driveway', label: 'person' });
    await harness.eventWhen(marker.id, () => true);
    await harness.drain();
    expect(await harness.event(id)).toMatchObject({ sub_label: 'Sam', score: 0.9 });
  });

  it('skips and counts a malformed message while later ones still land', async () => {
    const before = harness.runtime().malformed.total;
    await harness.publish('events', mqttMalformed);
    await harness.publish('events', 'not json at all');
    await harness.publish('reviews', {
      type: 'new',
      before: {},
      after: { id: '1717175000.2-rv0002', camera: 'driveway' },
    });
    const later = harness.frigate.addEvent({ camera: 'driveway', label: 'person' });
    await harness.eventWhen(later.id, () => true);
    expect(harness.runtime().malformed.total - before).toBe(3);

    const status = await harness.request('GET', '/api/events/sync', { role: 'Admin' });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      frigate_url: harness.frigate.url,
      mqtt_prefix: harness.prefix,
      frigate_availability: 'online',
      malformed_messages: 3,
      malformed_by_reason: { unknown_type: 1, invalid_json: 1, invalid_severity: 1 },
      last_backfill_error: null,
    });
    expect(
      (await harness.request('GET', '/api/events/sync', { role: 'ReadOnly' })).statusCode,
    ).toBe(403);
  });

  it('never parses binary snapshot topics', async () => {
    const before = harness.runtime().malformed.total;
    // Frigate publishes the best frame as a retained JPEG on <camera>/<label>/snapshot.
    const started = harness.frigate.addEvent(
      { camera: 'back_yard', label: 'person' },
      { snapshotPath },
    );
    await harness.publish('back_yard/person/snapshot', JPEG_BYTES);
    await harness.eventWhen(started.id, () => true);
    await harness.frigate.idle();
    await harness.drain();
    expect(harness.runtime().malformed.total).toBe(before);
  });

  it('creates an unknown camera on its first detection', async () => {
    const after = { ...mqttNew.after, id: '1717175400.5-newcam', camera: 'Garage-2' };
    await harness.frigate.publishEventMessage('new', mqttNew.before, after);
    await harness.eventWhen('1717175400.5-newcam', () => true);
    const cameras = (await harness.request('GET', '/api/cameras')).json().items as Item[];
    expect(cameras.find((camera) => camera.name === 'Garage-2')).toMatchObject({
      in_frigate: false,
      enabled: true,
    });
  });
});
