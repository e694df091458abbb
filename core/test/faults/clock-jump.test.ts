import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA, startFrigateSite, type FrigateSite } from './support/frigate-site';

/**
 * Frigate's clock jumps an hour ahead and back (a bad NTP step, a VM restored from a snapshot,
 * a host that booted with the wrong time). Frigate stamps events with its own clock, and the
 * backfill reads Frigate's events from a watermark in that clock. Events are made without MQTT
 * messages here, so only the backfill can store them.
 */
const HOUR = 3600;
let offsetSeconds = 0;
let site: FrigateSite;

beforeAll(async () => {
  site = await startFrigateSite({ simulator: { clock: () => Date.now() / 1000 + offsetSeconds } });
});

afterAll(async () => {
  await site?.stop();
});

/** An event Frigate made and ended without telling MQTT; returns its id. */
function silentEvent(): string {
  const event = site.simulator.addEvent(
    { camera: CAMERA, label: 'person' },
    {},
    { publish: false },
  );
  site.simulator.endEvent(event.id, { publish: false });
  return event.id;
}

async function sync(): Promise<void> {
  const response = await site.request('POST', '/api/events/sync');
  expect(response.statusCode, response.body).toBe(200);
}

describe('clock jump', () => {
  it('backfills events after the clock jumps an hour ahead', async () => {
    offsetSeconds = 0;
    const before = silentEvent();
    await sync();
    offsetSeconds = HOUR;
    const after = silentEvent();
    await sync();
    expect((await site.rows([before, after])).map((row) => row.frigate_event_id).sort()).toEqual(
      [before, after].sort(),
    );
  });

  it('backfills events after the clock jumps back an hour', async () => {
    offsetSeconds = HOUR;
    silentEvent();
    await sync();
    // The watermark is now an hour ahead of the corrected clock.
    offsetSeconds = 0;
    const corrected = silentEvent();
    await sync();
    expect(await site.rows([corrected])).toHaveLength(1);
  });
});
