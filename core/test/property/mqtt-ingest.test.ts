import fc from 'fast-check';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_NAME_PATTERN } from '../../../plugins/frigate-events/src/ingest/parse-common';
import { parseEventMessage } from '../../../plugins/frigate-events/src/ingest/parse-event';
import { parseReviewMessage } from '../../../plugins/frigate-events/src/ingest/parse-review';
import { startFrigateSite, type FrigateSite } from '../faults/support/frigate-site';
import { mqttPayload } from './support/frigate-payloads';

/**
 * Hostile payloads published to the real broker on Frigate's topics: the plugin stores
 * exactly the messages its parser accepts, counts the others as malformed, and keeps serving.
 * One bad message must not take the valid messages of its batch down with it.
 */
const MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const PAYLOADS = 150;
let site: FrigateSite;

beforeAll(async () => {
  site = await startFrigateSite();
});

afterAll(async () => {
  await site?.stop();
});

function acceptedIds(payloads: Buffer[]): {
  events: Set<string>;
  reviews: Set<string>;
  rejected: number;
} {
  const events = new Set<string>();
  const reviews = new Set<string>();
  let rejected = 0;
  for (const payload of payloads) {
    const event = parseEventMessage(payload);
    if (event.ok) events.add(event.value.event.frigateEventId);
    else rejected += 1;
    const review = parseReviewMessage(payload);
    if (review.ok) reviews.add(review.value.review.frigateReviewId);
    else rejected += 1;
  }
  return { events, reviews, rejected };
}

describe('hostile MQTT payloads', () => {
  it('stores what the parser accepts and counts the rest', async () => {
    const payloads = fc.sample(mqttPayload, { numRuns: PAYLOADS, seed: 20261204 });
    const sentinel = {
      id: '1717175999.5-zzz999',
      camera: 'front_door',
      label: 'person',
      start_time: 1717175999.5,
      end_time: 1717176010,
    };
    const publisher = await mqtt.connectAsync(MQTT_URL, { clean: true });
    try {
      for (const payload of payloads) {
        await publisher.publishAsync(`${site.prefix}/events`, payload, { qos: 1 });
        await publisher.publishAsync(`${site.prefix}/reviews`, payload, { qos: 1 });
      }
      // Published last on the same connection, so it arrives after every hostile message.
      await publisher.publishAsync(
        `${site.prefix}/events`,
        JSON.stringify({ type: 'end', before: sentinel, after: sentinel }),
        { qos: 1 },
      );
    } finally {
      await publisher.endAsync();
    }
    await site.waitForEnded([sentinel.id], 15_000);
    await site.runtime().ingestor.drain();

    const expected = acceptedIds(payloads);
    const query = (sql: string) =>
      site.centinela.database.orm.em
        .fork()
        .getConnection()
        .execute<Array<Record<string, string>>>(sql, [], 'all');
    const events = await query(
      'select e.frigate_event_id, c.name from frigate_events e join frigate_cameras c on c.id = e.camera_id',
    );
    const reviews = await query('select frigate_review_id from frigate_reviews');
    expect(new Set(events.map((row) => row.frigate_event_id))).toEqual(
      new Set([...expected.events, sentinel.id]),
    );
    expect(new Set(reviews.map((row) => row.frigate_review_id))).toEqual(expected.reviews);
    for (const row of events) expect(row.name).toMatch(CAMERA_NAME_PATTERN);
    expect(site.runtime().malformed.total).toBe(expected.rejected);

    const health = await site.request('GET', '/api/health');
    expect(health.statusCode).toBe(200);
    const list = await site.request('GET', '/api/events?limit=200');
    expect(list.statusCode).toBe(200);
  });
});
