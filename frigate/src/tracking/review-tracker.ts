import type { DiskLayout } from '../disk-layout';
import { newFrigateId } from '../ids';
import type { SimulatorLogger } from '../logger';
import type { Messenger } from '../mqtt/messenger';
import { toReview } from '../shapes/rest';
import type { TrackedEvent } from '../store/event-store';
import type { ReviewStore } from '../store/review-store';
import type { FrigateReview } from '../types';

interface ActiveSegment {
  review: FrigateReview;
  openObjects: Set<string>;
  subLabels: Map<string, string>;
  lastActivity: number;
  timer: NodeJS.Timeout | undefined;
}

export interface ReviewTrackerOptions {
  store: ReviewStore;
  messenger: Messenger;
  layout: DiskLayout;
  alertLabels: string[];
  inactivitySeconds: number;
  /** Write the review thumbnail of a segment that starts with this object. */
  writeThumbnail: (tracked: TrackedEvent, target: string) => Promise<void>;
  logger: SimulatorLogger;
}

/**
 * Groups a camera's objects into review segments as Frigate's review maintainer does: a
 * segment opens with the first object, takes in objects that start while it is open, is
 * promoted to alert when an alert label joins, and ends after a quiet period.
 */
export class ReviewTracker {
  private readonly active = new Map<string, ActiveSegment>();

  constructor(private readonly options: ReviewTrackerOptions) {}

  private severityOf(label: string): 'alert' | 'detection' {
    return this.options.alertLabels.includes(label) ? 'alert' : 'detection';
  }

  private snapshot(segment: ActiveSegment): FrigateReview {
    return toReview(segment.review);
  }

  /** Merge an object's label, zones and sub label into the segment; true when anything changed. */
  private merge(segment: ActiveSegment, tracked: TrackedEvent): boolean {
    const { review } = segment;
    const { event } = tracked;
    const before = JSON.stringify([review.severity, review.data]);
    if (!review.data.detections.includes(event.id)) review.data.detections.push(event.id);
    if (!review.data.objects.includes(event.label)) review.data.objects.push(event.label);
    for (const zone of event.zones)
      if (!review.data.zones.includes(zone)) review.data.zones.push(zone);
    if (event.sub_label !== null) segment.subLabels.set(event.id, event.sub_label);
    review.data.sub_labels = [...segment.subLabels.values()];
    if (this.severityOf(event.label) === 'alert') review.severity = 'alert';
    return JSON.stringify([review.severity, review.data]) !== before;
  }

  private newSegment(tracked: TrackedEvent, endTime: number | null): ActiveSegment {
    const { event } = tracked;
    const id = newFrigateId(event.start_time);
    const review: FrigateReview = {
      id,
      camera: event.camera,
      start_time: event.start_time,
      end_time: endTime,
      severity: this.severityOf(event.label),
      thumb_path: this.options.layout.containerReviewThumbnailPath(event.camera, id),
      data: { detections: [], objects: [], sub_labels: [], zones: [], audio: [] },
    };
    const segment: ActiveSegment = {
      review,
      openObjects: new Set(),
      subLabels: new Map(),
      lastActivity: event.start_time,
      timer: undefined,
    };
    this.merge(segment, tracked);
    return segment;
  }

  private queueThumbnail(tracked: TrackedEvent, review: FrigateReview): Promise<void> {
    const target = this.options.layout.reviewThumbnailPath(review.camera, review.id);
    return this.options.writeThumbnail(tracked, target).catch((error: unknown) => {
      this.options.logger.warn(
        { err: error, reviewId: review.id },
        'writing the review thumbnail failed',
      );
    });
  }

  objectStarted(tracked: TrackedEvent, publish: boolean): void {
    const camera = tracked.event.camera;
    let segment = this.active.get(camera);
    if (segment !== undefined) {
      clearTimeout(segment.timer);
      segment.timer = undefined;
      segment.openObjects.add(tracked.event.id);
      const previous = this.snapshot(segment);
      if (this.merge(segment, tracked)) this.sendUpdate(segment, previous, publish);
      return;
    }
    segment = this.newSegment(tracked, null);
    segment.openObjects.add(tracked.event.id);
    this.active.set(camera, segment);
    this.options.store.upsert(segment.review);
    const data = this.snapshot(segment);
    const review = segment.review;
    void this.options.messenger.enqueue(async () => {
      await this.queueThumbnail(tracked, review);
      if (!publish) return;
      await this.options.messenger.envelope('reviews', 'new', data, data);
      // `data` is the state at this call; `review` may have been promoted since.
      await this.options.messenger.publish(`${camera}/review_status`, data.severity.toUpperCase());
    });
  }

  objectChanged(tracked: TrackedEvent, publish: boolean): void {
    const segment = this.active.get(tracked.event.camera);
    if (segment === undefined || !segment.review.data.detections.includes(tracked.event.id)) return;
    const previous = this.snapshot(segment);
    if (this.merge(segment, tracked)) this.sendUpdate(segment, previous, publish);
  }

  objectEnded(tracked: TrackedEvent, publish: boolean): void {
    const camera = tracked.event.camera;
    const segment = this.active.get(camera);
    if (segment === undefined || !segment.openObjects.delete(tracked.event.id)) return;
    segment.lastActivity = Math.max(
      segment.lastActivity,
      tracked.event.end_time ?? segment.lastActivity,
    );
    if (segment.openObjects.size > 0) return;
    const end = () => this.endSegment(camera, segment, publish);
    if (this.options.inactivitySeconds <= 0) end();
    else {
      segment.timer = setTimeout(end, this.options.inactivitySeconds * 1000);
      segment.timer.unref();
    }
  }

  /** A finished event injected without messages gets a finished segment of its own. */
  addFinished(tracked: TrackedEvent): void {
    const segment = this.newSegment(tracked, tracked.event.end_time);
    this.options.store.upsert(segment.review);
    void this.options.messenger.enqueue(() => this.queueThumbnail(tracked, segment.review));
  }

  private sendUpdate(segment: ActiveSegment, previous: FrigateReview, publish: boolean): void {
    this.options.store.upsert(segment.review);
    const after = this.snapshot(segment);
    if (!publish) return;
    void this.options.messenger.enqueue(async () => {
      await this.options.messenger.envelope('reviews', 'update', previous, after);
      await this.options.messenger.publish(
        `${after.camera}/review_status`,
        after.severity.toUpperCase(),
      );
    });
  }

  private endSegment(camera: string, segment: ActiveSegment, publish: boolean): void {
    if (this.active.get(camera) !== segment) return;
    this.active.delete(camera);
    const previous = this.snapshot(segment);
    segment.review.end_time = segment.lastActivity;
    this.options.store.upsert(segment.review);
    const after = this.snapshot(segment);
    if (!publish) return;
    void this.options.messenger.enqueue(async () => {
      await this.options.messenger.envelope('reviews', 'end', previous, after);
      await this.options.messenger.publish(`${camera}/review_status`, 'NONE');
    });
  }

  /** Close every open segment at `endTime` without messages, as a Frigate restart does. */
  closeSilently(endTime: number): void {
    for (const segment of this.active.values()) {
      clearTimeout(segment.timer);
      segment.review.end_time = endTime;
      this.options.store.upsert(segment.review);
    }
    this.active.clear();
    for (const review of this.options.store.all()) {
      if (review.end_time === null) {
        review.end_time = endTime;
        this.options.store.upsert(review);
      }
    }
  }

  stop(): void {
    for (const segment of this.active.values()) clearTimeout(segment.timer);
  }
}
