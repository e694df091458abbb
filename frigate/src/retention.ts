import { rm } from 'node:fs/promises';

import type { DiskLayout } from './disk-layout';
import type { SimulatorLogger } from './logger';
import type { RecordingIndex } from './replay/recordings';
import type { EventStore } from './store/event-store';
import type { ReviewStore } from './store/review-store';

export interface RetentionSweepOptions {
  store: EventStore;
  reviews: ReviewStore;
  recordings: RecordingIndex;
  layout: DiskLayout;
  recordingsHours: number;
  eventsDays: number;
  now: number;
  logger: SimulatorLogger;
}

/**
 * Delete what Frigate's cleanup would: recording hours past retention, and finished events
 * and review segments older than `eventsDays` unless the event is retained indefinitely.
 */
export async function sweepRetention(options: RetentionSweepOptions): Promise<void> {
  const { store, reviews, layout, now } = options;
  const hours = await options.recordings.deleteBefore(now - options.recordingsHours * 3600);
  const cutoff = now - options.eventsDays * 86400;
  let events = 0;
  for (const { event } of store.all()) {
    if (event.end_time === null || event.end_time >= cutoff || event.retain_indefinitely) continue;
    await rm(layout.snapshotPath(event.camera, event.id), { force: true });
    await rm(layout.thumbnailPath(event.camera, event.id), { force: true });
    store.delete(event.id);
    events += 1;
  }
  for (const review of reviews.all()) {
    if (review.end_time === null || review.end_time >= cutoff) continue;
    await rm(layout.reviewThumbnailPath(review.camera, review.id), { force: true });
    reviews.delete(review.id);
  }
  if (hours > 0 || events > 0)
    options.logger.info({ recordingHours: hours, events }, 'retention removed old media');
}
