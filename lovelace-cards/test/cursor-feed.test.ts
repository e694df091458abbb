import { describe, expect, it } from 'vitest';
import { CursorFeed, mergePage } from '../src/api/cursor-feed';
import type { CentinelaEvent, Page } from '../src/api/types';
import {
  applyEventMessage,
  eventQuery,
  matchesFilter,
  rangeStart,
} from '../src/cards/events-card/event-filter';

interface Item {
  id: string;
}

const NOW = Date.parse('2026-12-04T15:00:00.000Z');

function item(id: string): Item {
  return { id };
}

/** Builds a loader over a fixed list with numeric-offset cursors that records its calls. */
function pagedLoader(all: Item[], size: number) {
  const calls: (string | undefined)[] = [];
  const loader = async (cursor: string | undefined): Promise<Page<Item>> => {
    calls.push(cursor);
    const start = cursor === undefined ? 0 : Number(cursor);
    const items = all.slice(start, start + size);
    return { items, next_cursor: start + size < all.length ? String(start + size) : null };
  };
  return { loader, calls };
}

describe('mergePage', () => {
  it('appends new items and drops ones already listed', () => {
    expect(mergePage([item('a'), item('b')], [item('b'), item('c'), item('c')])).toEqual([
      item('a'),
      item('b'),
      item('c'),
    ]);
  });
});

describe('CursorFeed', () => {
  it('follows next_cursor until it is null', async () => {
    const all = ['a', 'b', 'c', 'd', 'e'].map(item);
    const { loader, calls } = pagedLoader(all, 2);
    const feed = new CursorFeed<Item>(loader, () => undefined);
    await feed.reload();
    expect(feed.items.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(feed.hasMore).toBe(true);
    await feed.loadMore();
    await feed.loadMore();
    expect(feed.items.map((entry) => entry.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(feed.hasMore).toBe(false);
    await feed.loadMore();
    expect(calls).toEqual([undefined, '2', '4']);
  });

  it('sends one request for overlapping loadMore calls', async () => {
    const { loader, calls } = pagedLoader(['a', 'b', 'c', 'd'].map(item), 2);
    const feed = new CursorFeed<Item>(loader, () => undefined);
    await feed.reload();
    await Promise.all([feed.loadMore(), feed.loadMore(), feed.loadMore()]);
    expect(calls).toEqual([undefined, '2']);
  });

  it('ignores the late answer of a request that reload replaced', async () => {
    let release: (page: Page<Item>) => void = () => undefined;
    const slow = (_cursor: string | undefined, signal: AbortSignal) =>
      new Promise<Page<Item>>((resolve) => {
        release = resolve;
        signal.addEventListener('abort', () =>
          resolve({ items: [item('stale')], next_cursor: null }),
        );
      });
    const feed = new CursorFeed<Item>(slow, () => undefined);
    const first = feed.reload();
    const second = feed.reload(async () => ({ items: [item('fresh')], next_cursor: null }));
    release({ items: [item('stale')], next_cursor: null });
    await Promise.all([first, second]);
    expect(feed.items).toEqual([item('fresh')]);
  });

  it('keeps the error and the loaded items when a page fails', async () => {
    let fail = false;
    const feed = new CursorFeed<Item>(
      async (cursor) => {
        if (fail) throw new Error('HTTP 500');
        return { items: [item(cursor ?? 'a')], next_cursor: 'b' };
      },
      () => undefined,
    );
    await feed.reload();
    fail = true;
    await feed.loadMore();
    expect(feed.items).toEqual([item('a')]);
    expect((feed.error as Error).message).toBe('HTTP 500');
    expect(feed.loading).toBe(false);
    fail = false;
    await feed.loadMore();
    expect(feed.items).toEqual([item('a'), item('b')]);
    expect(feed.error).toBeUndefined();
  });

  it('notifies on every state change', async () => {
    let changes = 0;
    const feed = new CursorFeed<Item>(
      async () => ({ items: [item('a')], next_cursor: null }),
      () => (changes += 1),
    );
    await feed.reload();
    expect(changes).toBe(2);
  });
});

function event(
  id: string,
  minutesAgo: number,
  overrides: Partial<CentinelaEvent> = {},
): CentinelaEvent {
  return {
    id,
    site_id: 'casa',
    camera_id: 'entrada',
    camera: 'entrada',
    frigate_event_id: `f-${id}`,
    label: 'person',
    sub_label: null,
    sub_label_score: null,
    score: 0.8,
    top_score: 0.9,
    start_time: new Date(NOW - minutesAgo * 60_000).toISOString(),
    end_time: null,
    in_progress: true,
    has_clip: true,
    has_snapshot: true,
    zones: [],
    severity: 'detection',
    snapshot_url: `/api/events/${id}/snapshot`,
    clip_url: `/api/events/${id}/clip`,
    thumbnail_url: `/api/events/${id}/thumbnail`,
    ...overrides,
  };
}

describe('event filters', () => {
  it('turns the time range into a from bound', () => {
    expect(rangeStart('1h', NOW)).toBe('2026-12-04T14:00:00.000Z');
    expect(rangeStart('all', NOW)).toBeUndefined();
    expect(eventQuery({ camera_id: 'patio', time_range: '24h' }, NOW, 20)).toEqual({
      limit: 20,
      camera_id: 'patio',
      from: '2026-12-03T15:00:00.000Z',
    });
  });

  it('matches camera, label and time', () => {
    const filter = { camera_id: 'entrada', label: 'person', time_range: '1h' as const };
    expect(matchesFilter(event('a', 5), filter, NOW)).toBe(true);
    expect(matchesFilter(event('a', 5, { camera_id: 'patio' }), filter, NOW)).toBe(false);
    expect(matchesFilter(event('a', 5, { label: 'car' }), filter, NOW)).toBe(false);
    expect(matchesFilter(event('a', 61), filter, NOW)).toBe(false);
  });
});

describe('applyEventMessage', () => {
  const list = [event('c', 1), event('b', 10), event('a', 20)];
  const all = { time_range: 'all' as const };

  it('puts a new event at its time position', () => {
    const next = applyEventMessage(list, { kind: 'new', event: event('n', 5) }, all, NOW, false);
    expect(next?.map((entry) => entry.id)).toEqual(['c', 'n', 'b', 'a']);
  });

  it('replaces an updated event in place', () => {
    const ended = event('b', 10, { in_progress: false, end_time: new Date(NOW).toISOString() });
    const next = applyEventMessage(list, { kind: 'end', event: ended }, all, NOW, true);
    expect(next?.[1]).toBe(ended);
    expect(next).toHaveLength(3);
  });

  it('skips a new event outside the filter', () => {
    expect(
      applyEventMessage(
        list,
        { kind: 'new', event: event('n', 0, { label: 'car' }) },
        { label: 'person', time_range: 'all' },
        NOW,
        false,
      ),
    ).toBeUndefined();
  });

  it('leaves an older event to a later page while pages remain', () => {
    expect(
      applyEventMessage(list, { kind: 'new', event: event('old', 30) }, all, NOW, true),
    ).toBeUndefined();
    const next = applyEventMessage(list, { kind: 'new', event: event('old', 30) }, all, NOW, false);
    expect(next?.map((entry) => entry.id)).toEqual(['c', 'b', 'a', 'old']);
  });
});
