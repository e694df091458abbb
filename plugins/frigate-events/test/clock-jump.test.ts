import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Item } from './support/harness';

/**
 * Frigate stamps events and reviews with its own clock. When that clock runs an hour ahead
 * and then returns, the backfill still finds what Frigate makes at each step.
 */
const HOUR = 3600;
let offsetSeconds = 0;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    simulator: { clock: () => Date.now() / 1000 + offsetSeconds },
  });
});

afterAll(async () => {
  await harness?.destroy();
});

/** Make and end an event (and its review) in Frigate without an MQTT message. */
function silentEvent(): { eventId: string; reviewId: string } {
  const { frigate } = harness;
  const event = frigate.addEvent({ camera: 'driveway', label: 'person' }, {}, { publish: false });
  frigate.endEvent(event.id, { publish: false });
  const review = frigate.reviews().find((item) => item.data.detections.includes(event.id));
  if (review === undefined) throw new Error('the simulator made no review for the event');
  return { eventId: event.id, reviewId: review.id };
}

async function reviewIds(): Promise<string[]> {
  const items = (await harness.request('GET', '/api/reviews?limit=200')).json().items as Item[];
  return items.map((item) => String(item.frigate_review_id));
}

describe("Frigate's clock jumping", () => {
  it('reads reviews stamped ahead of our clock', async () => {
    offsetSeconds = HOUR;
    const ahead = silentEvent();
    await harness.sync();
    expect(await harness.event(ahead.eventId)).toBeDefined();
    expect(await reviewIds()).toContain(ahead.reviewId);
  });

  it('lowers a watermark left ahead of the clock, and reads what comes after the return', async () => {
    offsetSeconds = HOUR;
    silentEvent();
    await harness.sync();
    offsetSeconds = 0;
    const corrected = silentEvent();
    await harness.sync();
    expect(await harness.event(corrected.eventId)).toBeDefined();
    expect(await reviewIds()).toContain(corrected.reviewId);
  });
});
