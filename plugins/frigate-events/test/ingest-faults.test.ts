import { createTestDatabase, POSTGRES_ADMIN_URL } from '../../../core/test/support/database';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_QUEUED } from '../src/ingest/ingestor';
import { parseEventMessage, type NormalizedEvent } from '../src/ingest/parse-event';
import { startHarness, type Harness, type Item, WAIT } from './support/harness';
import { OutageProxy, throughProxy } from './support/outage-proxy';

/**
 * Faults between the MQTT messages and PostgreSQL: a database that goes away, a row the
 * database rejects, and text it cannot store. Ingestion goes on through all of them.
 */
let harness: Harness;
let proxy: OutageProxy;
let serial = 0;

/** Build a Frigate object dict with a fresh id, started two minutes ago and ended. */
function frigateObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const start = Math.floor(Date.now() / 1000) - 120 + serial / 1000;
  return {
    id: `${start.toFixed(3)}-f${String(serial).padStart(5, '0')}`,
    camera: 'driveway',
    label: 'person',
    start_time: start,
    end_time: start + 5,
    frame_time: start + 5,
    ...overrides,
  };
}

function parsed(object: Record<string, unknown>): NormalizedEvent {
  const result = parseEventMessage(JSON.stringify({ type: 'end', before: object, after: object }));
  if (!result.ok) throw new Error(`test payload rejected: ${result.reason}`);
  return result.value.event;
}

async function storedIds(): Promise<Set<string>> {
  const rows = await harness
    .runtime()
    .sql.query<{ frigate_event_id: string }>('select frigate_event_id from frigate_events');
  return new Set(rows.map((row) => row.frigate_event_id));
}

async function malformedCounts(): Promise<Record<string, number>> {
  await harness.runtime().saveMalformed();
  const response = await harness.request('GET', '/api/events/sync');
  expect(response.statusCode).toBe(200);
  const body = response.json() as Item;
  return (body.malformed_by_reason ?? {}) as Record<string, number>;
}

beforeAll(async () => {
  const database = await createTestDatabase();
  proxy = await OutageProxy.start(Number(new URL(POSTGRES_ADMIN_URL).port || 5432));
  harness = await startHarness({
    testDatabase: { ...database, url: throughProxy(database.url, proxy) },
  });
});

afterAll(async () => {
  await harness?.destroy();
  await proxy?.close();
});

describe('ingestion faults', () => {
  it('writes MQTT detections that arrived while the database was away once it is back', async () => {
    const object = frigateObject();
    proxy.cut();
    try {
      await harness.publish('events', { type: 'end', before: object, after: object });
      // The write meets the missing database and the batch waits for a retry.
      await vi.waitFor(() => {
        if (harness.runtime().ingestor.queued.events === 0) throw new Error('not queued yet');
      }, WAIT);
    } finally {
      proxy.restore();
    }
    // The poll interval is an hour: only the ingestion's own retry stores it.
    const stored = await harness.eventWhen(String(object.id), (event) => event.in_progress === false);
    expect(stored.label).toBe('person');
  });

  it('keeps the newest messages when the queue overflows during an outage', async () => {
    const { ingestor } = harness.runtime();
    const events = Array.from({ length: MAX_QUEUED + 5 }, () => parsed(frigateObject()));
    proxy.cut();
    try {
      for (const event of events) ingestor.enqueueEvent(event);
      await vi.waitFor(() => {
        // Bounded even while writes keep failing.
        expect(ingestor.queued.events).toBe(MAX_QUEUED);
      }, WAIT);
    } finally {
      proxy.restore();
    }
    // The first write after the restore may still meet a closed connection and wait a retry.
    await vi.waitFor(() => expect(ingestor.queued.events).toBe(0), { timeout: 20_000, interval: 100 });
    await ingestor.drain();
    const ids = await storedIds();
    for (const event of events.slice(0, 5)) expect(ids.has(event.frigateEventId)).toBe(false);
    for (const event of events.slice(5)) expect(ids.has(event.frigateEventId)).toBe(true);
  }, 30_000);

  it('stores the rest of a batch when the database refuses one row, and counts it', async () => {
    const { ingestor, sql } = harness.runtime();
    // A real refusal from PostgreSQL, for a row that the parser accepts.
    await sql.query(
      "alter table frigate_events add constraint test_refuse_label check (label <> 'refused')",
    );
    try {
      const before = (await malformedCounts()).database_rejected ?? 0;
      const good = [parsed(frigateObject()), parsed(frigateObject())];
      const refused = parsed(frigateObject({ label: 'refused' }));
      // Queued in one turn of the event loop, so they share one batch.
      ingestor.enqueueEvent(good[0]!);
      ingestor.enqueueEvent(refused);
      ingestor.enqueueEvent(good[1]!);
      await ingestor.drain();
      const ids = await storedIds();
      expect(ids.has(good[0]!.frigateEventId)).toBe(true);
      expect(ids.has(good[1]!.frigateEventId)).toBe(true);
      expect(ids.has(refused.frigateEventId)).toBe(false);
      expect((await malformedCounts()).database_rejected).toBe(before + 1);
    } finally {
      await sql.query('alter table frigate_events drop constraint test_refuse_label');
    }
  });

  it('stores text with NUL characters and broken surrogates, and rejects far-future times', async () => {
    const dirty = frigateObject({
      sub_label: ['Al\u0000ex', 0.9],
      entered_zones: ['porch\u0000', '\uD800yard'],
      attributes: { 'key\u0000': 'value\u0000', nested: [{ text: 'a\uDC00' }] },
    });
    const future = frigateObject({ start_time: 1e300 });
    const valid = frigateObject();
    for (const object of [dirty, future, valid])
      await harness.publish('events', { type: 'end', before: object, after: object });
    const stored = await harness.eventWhen(String(valid.id), () => true);
    expect(stored.in_progress).toBe(false);
    const clean = await harness.eventWhen(String(dirty.id), () => true);
    expect(clean.sub_label).toBe('Alex');
    expect(clean.zones).toEqual(['porch', '\uFFFDyard']);
    const rows = await harness
      .runtime()
      .sql.query<{ data: Record<string, unknown> }>(
        'select data from frigate_events where frigate_event_id = ?',
        [dirty.id],
      );
    expect(rows[0]?.data.attributes).toEqual({ key: 'value', nested: [{ text: 'a\uFFFD' }] });
    expect((await storedIds()).has(String(future.id))).toBe(false);
    expect((await malformedCounts()).invalid_start_time).toBeGreaterThanOrEqual(1);
  });
});
