import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByKind, CAMERA, startFrigateSite, type FrigateSite } from './support/frigate-site';
import { TestBroker } from './support/mosquitto';

/**
 * The broker restarts in the middle of a burst of detections. Messages Frigate publishes while
 * the broker is down are lost (Frigate keeps no offline queue), so the events must come back
 * through the backfill that runs when Centinela reconnects, each stored and announced once.
 */
let broker: TestBroker;
let site: FrigateSite;

beforeAll(async () => {
  broker = await TestBroker.start();
  site = await startFrigateSite({ mqttUrl: broker.url });
});

afterAll(async () => {
  await site?.stop();
  await broker?.stop();
});

describe('broker restart during a burst', () => {
  it('loses and duplicates no detection', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      const event = site.simulator.addEvent({
        camera: CAMERA,
        label: index % 2 === 0 ? 'person' : 'car',
      });
      ids.push(event.id);
      if (index === 20) await broker.restart();
      await delay(40);
      site.simulator.endEvent(event.id);
    }
    await site.simulator.idle();

    await site.waitForEnded(ids, 20_000);
    const rows = await site.rows(ids);
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((row) => row.frigate_event_id)).size).toBe(ids.length);
    // Events whose `new` never arrived were published while the broker was down, and came back
    // through the backfill. If there are none, the restart missed the burst.
    const recovered = ids.filter((id) => countByKind(site.detections, id, 'new') === 0);
    expect(recovered.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(countByKind(site.detections, id, 'end'), `end messages of ${id}`).toBe(1);
      expect(countByKind(site.detections, id, 'new'), `new messages of ${id}`).toBeLessThanOrEqual(
        1,
      );
    }
  });
});
