import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacyFrigate } from './support/legacy-frigate';
import { QUIET_CONFIG, startHarness, type Harness, type Item } from './support/harness';

// Responses the simulator does not produce, because it imitates Frigate 0.14 and later (see LegacyFrigate).
describe('Frigate answers older than the simulator', () => {
  let harness: Harness;
  let legacy: LegacyFrigate;
  const clip = randomBytes(50_000);
  const base = Math.floor(Date.now() / 1000) - 1800;
  const ids = [0, 1, 2, 3, 4].map((index) => `${base + index}.5-old00${index}`);

  beforeAll(async () => {
    legacy = await LegacyFrigate.start();
    ids.forEach((id, index) =>
      legacy.addEvent(
        { id, camera: 'driveway', start_time: base + index + 0.5 },
        index === 0 ? clip : undefined,
      ),
    );
    harness = await startHarness();
    // The plugin's own setting points this site at the stand-in; MQTT still comes from the simulator.
    await harness.configure({ ...QUIET_CONFIG, frigate_url: legacy.url, backfill_page_size: 2 });
    await harness.sync();
  });

  afterAll(async () => {
    await harness?.destroy();
    await legacy?.stop();
  });

  it('pages newest first when Frigate ignores sort', async () => {
    for (const id of ids) expect(await harness.rowCount(id)).toBe(1);
    expect(legacy.requests.some((url) => url.includes('sort=date_desc'))).toBe(true);
    const counts = await harness.sync();
    expect(counts).toMatchObject({ events_created: 0, events_updated: 0, reviews_fetched: 0 });
  });

  it('cuts a Range out of a clip sent whole', async () => {
    const event = (await harness.event(ids[0]!)) as Item;
    const tail = await harness.request('GET', `/api/events/${event.id as string}/clip`, {
      headers: { range: 'bytes=-500' },
    });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-range']).toBe(
      `bytes ${clip.length - 500}-${clip.length - 1}/${clip.length}`,
    );
    expect(tail.rawPayload.equals(clip.subarray(clip.length - 500))).toBe(true);

    const middle = await harness.request('GET', `/api/events/${event.id as string}/clip`, {
      headers: { range: 'bytes=100-199' },
    });
    expect(middle.statusCode).toBe(206);
    expect(middle.rawPayload.equals(clip.subarray(100, 200))).toBe(true);

    const past = await harness.request('GET', `/api/events/${event.id as string}/clip`, {
      headers: { range: `bytes=${clip.length}-` },
    });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${clip.length}`);
  });
});
