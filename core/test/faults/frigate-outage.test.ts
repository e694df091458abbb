import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countByKind, CAMERA, startFrigateSite, type FrigateSite } from './support/frigate-site';

/**
 * Frigate goes off the network for a while: its HTTP API refuses connections and its MQTT
 * connection drops (the broker publishes its last will), so detections made meanwhile never
 * reach the broker. The periodic backfill must bring them in once Frigate is back, and an
 * event that was open when Frigate left must end.
 */
let site: FrigateSite;

beforeAll(async () => {
  // The shortest poll interval, so the backfill after the outage comes within the test.
  site = await startFrigateSite({ config: { poll_interval_seconds: 5 } });
});

afterAll(async () => {
  await site?.stop();
});

describe('Frigate outage', () => {
  it('backfills the detections made while Frigate was away', async () => {
    const open = site.simulator.addEvent({ camera: CAMERA, label: 'car' });
    await vi.waitFor(
      async () => {
        expect(await site.rows([open.id])).toHaveLength(1);
      },
      { timeout: 5000, interval: 100 },
    );

    await site.simulator.faults.down(true);
    const missed: string[] = [];
    try {
      await vi.waitFor(() => expect(site.runtime().availability).toBe('offline'), {
        timeout: 5000,
        interval: 100,
      });
      site.simulator.endEvent(open.id);
      for (let index = 0; index < 8; index += 1) {
        const event = site.simulator.addEvent({ camera: CAMERA, label: 'person' });
        missed.push(event.id);
        await delay(20);
        site.simulator.endEvent(event.id);
      }

      const sync = await site.request('POST', '/api/events/sync');
      expect(sync.statusCode, sync.body).toBeGreaterThanOrEqual(502);
      expect(sync.statusCode).toBeLessThanOrEqual(504);
      expect(sync.body).not.toMatch(/\n\s+at |\.ts:\d+/);
      const list = await site.request('GET', '/api/events');
      expect(list.statusCode).toBe(200);
      const ready = await site.request('GET', '/api/ready');
      expect(ready.json().checks.frigate.state).toBe('down');
    } finally {
      await site.simulator.faults.down(false);
    }

    await site.waitForEnded([open.id, ...missed], 15_000);
    for (const id of [open.id, ...missed])
      expect(countByKind(site.detections, id, 'end'), `end messages of ${id}`).toBe(1);
    for (const id of missed)
      expect(countByKind(site.detections, id, 'new'), `new messages of ${id}`).toBe(0);
  });
});
