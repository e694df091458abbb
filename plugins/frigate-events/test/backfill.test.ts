import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { DetectionMessage } from '@centinela/core';
import type { EventInput } from '@centinela/frigate-simulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUIET_CONFIG, SITE, startHarness, type Harness, type Item, WAIT } from './support/harness';
import {
  restFinished,
  restInProgress,
  restNoMedia,
  restSingleWithSubLabel,
} from './support/payloads';

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();

describe('backfill from the Frigate REST API', () => {
  let harness: Harness;
  const detections: DetectionMessage[] = [];
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;

  beforeAll(async () => {
    harness = await startHarness();
    harness.centinela.bus.on('detection').subscribe((message) => detections.push(message));
  });

  afterAll(async () => {
    await harness?.destroy();
  });

  function kindsOf(frigateEventId: string): string[] {
    return detections
      .filter((detection) => detection.frigateEventId === frigateEventId)
      .map((detection) => detection.kind);
  }

  /** Add a detection that Frigate tracks live and wait until its `new` message is stored. */
  async function liveEvent(camera: string, label: string): Promise<string> {
    const { id } = harness.frigate.addEvent({ camera, label });
    await harness.eventWhen(id, (event) => event.in_progress === true);
    return id;
  }

  it('stores every REST shape of the contract', async () => {
    // The contract's examples, moved into the last hour so that the first backfill window contains them.
    const shifted = [restFinished, restInProgress, restSingleWithSubLabel, restNoMedia].map(
      (example, index) => {
        const offset = hourAgo + index * 60 - example.start_time;
        const end = example.end_time === null ? null : example.end_time + offset;
        return {
          ...example,
          start_time: example.start_time + offset,
          end_time: end,
        } as unknown as EventInput;
      },
    );
    for (const example of shifted) harness.frigate.addEvent(example, {}, { publish: false });

    const counts = await harness.sync();
    expect(counts.events_created).toBe(4);
    expect(counts.malformed).toBe(0);

    expect(await harness.event(restFinished.id)).toMatchObject({
      camera: 'driveway',
      label: 'person',
      zones: ['driveway_apron', 'porch'],
      score: 0.84,
      top_score: 0.8711,
      severity: 'alert',
      in_progress: false,
      start_time: iso(hourAgo),
    });
    expect(await harness.event(restInProgress.id)).toMatchObject({
      in_progress: true,
      end_time: null,
      has_clip: true,
      has_snapshot: false,
    });
    expect(await harness.event(restSingleWithSubLabel.id)).toMatchObject({
      sub_label: 'Alex',
      sub_label_score: 0.79,
      top_score: 0.91,
    });
    expect(await harness.event(restNoMedia.id)).toMatchObject({
      has_clip: false,
      has_snapshot: false,
      clip_url: null,
      snapshot_url: null,
    });
    // Found already ended: announced once, as an end, not as a new detection.
    expect(kindsOf(restFinished.id)).toEqual(['end']);
  });

  it('changes nothing when the same events are read again', async () => {
    const before = detections.length;
    const counts = await harness.sync();
    expect(counts.events_created).toBe(0);
    expect(counts.events_updated).toBe(0);
    expect(counts.events_fetched).toBeGreaterThanOrEqual(4);
    expect(detections.length).toBe(before);
  });

  it('lowers has_clip when Frigate does after the end', async () => {
    harness.frigate.updateEvent(restFinished.id, { has_clip: false }, { publish: false });
    await harness.sync();
    expect((await harness.event(restFinished.id))?.has_clip).toBe(false);

    // A redelivered `end` with the old flag does not raise it again.
    const after = { ...restFinished, has_clip: true, frame_time: restFinished.end_time };
    await harness.frigate.publishEventMessage('end', after, {
      ...after,
      start_time: hourAgo,
      end_time: hourAgo + 31,
    });
    const marker = harness.frigate.addEvent({ camera: 'driveway' });
    await harness.eventWhen(marker.id, () => true);
    await harness.drain();
    expect((await harness.event(restFinished.id))?.has_clip).toBe(false);
  });

  it('pages through equal start times and stores each event once', async () => {
    await harness.configure({ ...QUIET_CONFIG, backfill_page_size: 3 });
    // Close to now: a backfill reads from ten minutes below the newest start it has seen.
    const base = Math.floor(Date.now() / 1000) - 300.5;
    const offsets = [0, 0, 1, 1, 2];
    const ids = offsets.map(
      (offset) =>
        harness.frigate.addEvent(
          { camera: 'driveway', start_time: base + offset, end_time: base + offset + 5 },
          {},
          { publish: false },
        ).id,
    );
    const counts = await harness.sync();
    expect(counts.pages).toBeGreaterThan(1);
    for (const id of ids) expect(await harness.rowCount(id)).toBe(1);
    await harness.configure(QUIET_CONFIG);
  });

  it('polls Frigate on its interval', async () => {
    await harness.configure({ ...QUIET_CONFIG, poll_interval_seconds: 5 });
    try {
      // The run every start makes is over once this returns; the next one is the timer's.
      await harness.sync();
      const quiet = harness.frigate.addEvent(
        { camera: 'back_yard', label: 'car' },
        {},
        { publish: false },
      );
      await harness.eventWhen(quiet.id, () => true);
    } finally {
      await harness.configure(QUIET_CONFIG);
    }
  });

  it('closes an event whose end message was lost', async () => {
    harness.frigate.faults.dropEndMessages(true);
    try {
      const id = await liveEvent('back_yard', 'cat');
      const ended = harness.frigate.endEvent(id);
      await harness.frigate.idle();
      await harness.sync();
      expect(await harness.event(id)).toMatchObject({
        in_progress: false,
        end_time: iso(ended.end_time!),
      });
    } finally {
      harness.frigate.faults.dropEndMessages(false);
    }
  });

  it('recovers every event after a Frigate outage, once each', async () => {
    const { frigate } = harness;
    const openId = await liveEvent('driveway', 'person');

    await frigate.faults.down(true);
    await vi.waitFor(() => expect(harness.runtime().availability).toBe('offline'), WAIT);
    const failed = await harness.request('POST', '/api/events/sync');
    expect(failed.statusCode).toBe(502);
    expect(failed.json().code).toBe('CEN_ERR_FRIGATE_UNREACHABLE');
    expect((await harness.request('GET', '/api/ready')).json().checks.frigate.state).toBe('down');

    // Frigate keeps tracking while it is off the network; its messages go nowhere.
    const ended = frigate.endEvent(openId);
    const missed = frigate.addEvent({ camera: 'back_yard', label: 'dog' });
    const missedEnd = frigate.endEvent(missed.id);
    await frigate.idle();

    // Back online: the retained `online` makes the plugin read everything back, unasked.
    await frigate.faults.down(false);
    await harness.eventWhen(openId, (event) => event.in_progress === false);
    const recovered = await harness.eventWhen(missed.id, (event) => event.in_progress === false);
    expect(await harness.event(openId)).toMatchObject({ end_time: iso(ended.end_time!) });
    expect(recovered).toMatchObject({ label: 'dog', end_time: iso(missedEnd.end_time!) });
    expect(await harness.rowCount(openId)).toBe(1);
    expect(await harness.rowCount(missed.id)).toBe(1);
    expect(kindsOf(openId)).toEqual(['new', 'end']);
    expect(kindsOf(missed.id)).toEqual(['end']);
    expect((await harness.request('GET', '/api/ready')).json().checks.frigate.state).toBe('up');
  });

  it('answers 504 when Frigate is too slow', async () => {
    await harness.configure({ ...QUIET_CONFIG, request_timeout_seconds: 1 });
    harness.frigate.faults.slow(1500);
    try {
      const response = await harness.request('POST', '/api/events/sync');
      expect(response.statusCode).toBe(504);
      expect(response.json().code).toBe('CEN_ERR_FRIGATE_TIMEOUT');
    } finally {
      harness.frigate.faults.slow(0);
    }
    await harness.configure(QUIET_CONFIG);
  });

  it('recovers every event after a broker outage, once each', async () => {
    const { frigate } = harness;
    const openId = await liveEvent('driveway', 'car');

    // Cut Centinela's connection to the broker and keep it down: Mosquitto keeps the
    // persistent session and its QoS 1 subscriptions, but drops Frigate's QoS 0 messages.
    const client = harness.centinela.mqtt.client;
    const reconnectPeriod = client.options.reconnectPeriod;
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
    await vi.waitFor(() => expect(harness.centinela.mqtt.connected).toBe(false), WAIT);

    const ended = frigate.endEvent(openId);
    const missed = frigate.addEvent({ camera: 'back_yard', label: 'person' });
    frigate.endEvent(missed.id);
    await frigate.idle();
    // A QoS 1 message waits in the session for the subscriber.
    const queuedId = `${hourAgo + 2000}.5-queued`;
    const queued = {
      id: queuedId,
      camera: 'driveway',
      label: 'bicycle',
      start_time: hourAgo + 2000.5,
      end_time: hourAgo + 2010.5,
    };
    await harness.publish('events', {
      type: 'end',
      before: queued,
      after: { ...queued, frame_time: hourAgo + 2010.5 },
    });

    client.options.reconnectPeriod = reconnectPeriod;
    client.reconnect();
    await harness.eventWhen(openId, (event) => event.in_progress === false);
    await harness.eventWhen(missed.id, (event) => event.in_progress === false);
    await harness.eventWhen(queuedId, (event) => event.label === 'bicycle');
    expect(await harness.event(openId)).toMatchObject({ end_time: iso(ended.end_time!) });
    for (const id of [openId, missed.id, queuedId]) expect(await harness.rowCount(id)).toBe(1);

    // The subscriptions work again: a live message arrives without a backfill.
    const after = harness.frigate.addEvent({ camera: 'back_yard', label: 'dog' });
    await harness.eventWhen(after.id, (event) => event.in_progress === true);
  });

  it('recovers detections made while the plugin was removed', async () => {
    const openId = await liveEvent('driveway', 'person');
    const removed = await harness.request('DELETE', `/api/sites/${SITE}/plugins/frigate-events`);
    expect(removed.statusCode).toBe(204);

    const ended = harness.frigate.endEvent(openId);
    const missed = harness.frigate.addEvent({ camera: 'back_yard', label: 'car' });
    harness.frigate.endEvent(missed.id);
    await harness.frigate.idle();

    await harness.configure(QUIET_CONFIG);
    await harness.sync();
    expect(await harness.event(openId)).toMatchObject({
      in_progress: false,
      end_time: iso(ended.end_time!),
    });
    expect(await harness.event(missed.id)).toMatchObject({ in_progress: false, label: 'car' });
    expect(await harness.rowCount(openId)).toBe(1);
    expect(await harness.rowCount(missed.id)).toBe(1);
  });

  it('closes events Frigate ended silently in a restart, past its JSON cache', async () => {
    const { frigate } = harness;
    const id = await liveEvent('driveway', 'person');
    // nginx in front of Frigate caches JSON responses for 5 s, and this read fills that cache.
    const cached = await fetch(`${frigate.url}/api/events/${id}`);
    expect(((await cached.json()) as Item).end_time).toBeNull();

    // undici publishes each request on a diagnostics channel, headers as a flat [name, value, ...] list.
    const reads: Array<{ path: string; headers: Map<string, string> }> = [];
    const onCreate = (message: unknown) => {
      const { request } = message as {
        request: { origin: string; path: string; headers: string[] };
      };
      if (request.origin !== frigate.url || !request.path.startsWith('/api/events')) return;
      const headers = new Map<string, string>();
      for (let index = 0; index + 1 < request.headers.length; index += 2) {
        headers.set(request.headers[index]!.toLowerCase(), request.headers[index + 1]!);
      }
      reads.push({ path: request.path, headers });
    };
    subscribe('undici:request:create', onCreate);
    try {
      // A clean stop ends open events at once and drops their snapshot, without MQTT messages.
      await frigate.restart({ clean: true });
      const closed = await harness.eventWhen(id, (event) => event.in_progress === false);
      expect(closed.has_snapshot).toBe(false);
      expect(closed.end_time).toBe(
        iso(frigate.events().find((event) => event.id === id)!.end_time!),
      );
    } finally {
      unsubscribe('undici:request:create', onCreate);
    }
    // The list read of the backfill or the single read of the reconciliation closed it; a
    // cached copy would still have shown it open.
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read.headers.get('x-cache-bypass')).toBe('1');
    expect(kindsOf(id)).toEqual(['new', 'end']);
  });

  it('reads reviews, reviewed or not', async () => {
    const { frigate } = harness;
    // Let a backfill started by an earlier test finish, so that only the sync below reads these.
    await harness.sync();
    const start = Math.floor(Date.now() / 1000) - 200.5;
    const first = frigate.addEvent(
      { camera: 'driveway', start_time: start, end_time: start + 10 },
      {},
      { publish: false },
    );
    const second = frigate.addEvent(
      { camera: 'driveway', start_time: start + 20, end_time: start + 30 },
      {},
      { publish: false },
    );
    const reviewOf = (eventId: string) =>
      frigate.reviews().find((review) => review.data.detections.includes(eventId))!;
    // Frigate 0.14 to 0.16 list only unreviewed items unless asked for reviewed ones.
    const viewed = await fetch(`${frigate.url}/api/reviews/viewed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [reviewOf(second.id).id] }),
    });
    expect(viewed.status).toBe(200);

    const counts = await harness.sync();
    expect(counts.reviews_created).toBeGreaterThanOrEqual(2);
    const items = (await harness.request('GET', '/api/reviews?limit=200')).json().items as Item[];
    for (const event of [first, second]) {
      const review = items.find((item) => item.frigate_review_id === reviewOf(event.id).id);
      expect(review).toMatchObject({
        camera: 'driveway',
        in_progress: false,
        event_ids: [(await harness.event(event.id))?.id],
      });
    }
  });
});
