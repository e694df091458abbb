import { join } from 'node:path';

import { toMicroseconds } from '../ids';
import type { SimulatorLogger } from '../logger';
import { initialLiveState } from '../tracking/new-event';
import { EventStore } from './event-store';
import { loadState, StateWriter } from './persistence';
import { ReviewStore } from './review-store';

export interface OpenStores {
  store: EventStore;
  reviewStore: ReviewStore;
  writer: StateWriter;
}

/**
 * Open the event and review stores saved under `cacheDir`, with a writer that saves each
 * change. What the last run left open is closed the way Frigate does after a crash: events
 * end at start + 30 s, review items at `nowSeconds`.
 */
export async function openStores(
  cacheDir: string,
  nowSeconds: number,
  logger: SimulatorLogger,
): Promise<OpenStores> {
  // The stores report changes before the writer exists, so they reach it through this holder.
  const holder: { writer?: StateWriter } = {};
  const store = new EventStore((id) => holder.writer?.eventChanged(id));
  const reviewStore = new ReviewStore({
    reviewChanged: (id) => holder.writer?.reviewChanged(id),
    reviewedStateChanged: () => holder.writer?.reviewedStateChanged(),
  });
  const path = join(cacheDir, 'events.json');
  const writer = new StateWriter(
    path,
    {
      event: (id) => {
        const tracked = store.get(id);
        return tracked === undefined ? undefined : { event: tracked.event, media: tracked.media };
      },
      review: (id) => reviewStore.get(id),
      reviewed: () => reviewStore.exportReviewed(),
      snapshot: () => ({
        events: store.all().map(({ event, media }) => ({ event, media })),
        reviews: reviewStore.all(),
        reviewed: reviewStore.exportReviewed(),
      }),
    },
    (error) => logger.warn({ err: error }, 'saving the event store failed'),
  );
  holder.writer = writer;

  const persisted = await loadState(path);
  if (persisted !== undefined) {
    for (const { event, media } of persisted.events) {
      if (event.end_time === null) event.end_time = toMicroseconds(event.start_time + 30);
      store.add({ event, media, live: initialLiveState(event) });
    }
    for (const review of persisted.reviews) {
      const closed =
        review.end_time === null ? { ...review, end_time: toMicroseconds(nowSeconds) } : review;
      reviewStore.upsert(closed);
    }
    reviewStore.importReviewed(persisted.reviewed);
    writer.resumeAfter(persisted.generation);
  }
  // One fresh snapshot per start; from here on only changes are appended.
  await writer.compact();
  return { store, reviewStore, writer };
}
