import { access, readFile } from 'node:fs/promises';

import { placeFile, type DiskLayout } from '../disk-layout';
import type { FaultController } from '../faults';
import { cameraNamePattern, toMicroseconds } from '../ids';
import type { SimulatorLogger } from '../logger';
import type { Messenger } from '../mqtt/messenger';
import { toTrackedObject, type FrameSize, type SubLabelShape } from '../shapes/mqtt';
import type { EventStore, LiveState, StoredMedia, TrackedEvent } from '../store/event-store';
import type { EventInput, EventPatch, FrigateEvent } from '../types';
import { buildEvent, initialLiveState } from './new-event';
import type { ObjectCounts } from './object-counts';
import type { ReviewTracker } from './review-tracker';

export interface ObjectTrackerOptions {
  store: EventStore;
  messenger: Messenger;
  reviews: ReviewTracker;
  counts: ObjectCounts;
  layout: DiskLayout;
  faults: FaultController;
  frames: Map<string, FrameSize>;
  clock: () => number;
  alertLabels: string[];
  defaultSubLabelShape: SubLabelShape;
  /** Make a WebP thumbnail from a snapshot when an event brings none; undefined without ffmpeg. */
  makeThumbnail: ((snapshot: string, target: string) => Promise<void>) | undefined;
  logger: SimulatorLogger;
}

export interface TrackOptions {
  publish?: boolean;
  live?: Partial<LiveState>;
}

async function exists(path: string | undefined): Promise<boolean> {
  if (path === undefined) return false;
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The life of tracked objects: database row, `frigate/events` messages, files on disk,
 * review segments and counts. Messages go out in the order the calls were made.
 */
export class ObjectTracker {
  constructor(private readonly options: ObjectTrackerOptions) {}

  private frameOf(camera: string): FrameSize {
    const frame = this.options.frames.get(camera);
    if (frame === undefined) {
      const known = [...this.options.frames.keys()].join(', ') || 'none';
      throw new Error(
        `unknown camera "${camera}" (cameras: ${known}); add a clip for it or list it in options.cameras`,
      );
    }
    return frame;
  }

  private objectDict(tracked: TrackedEvent, overrides: Parameters<typeof toTrackedObject>[3] = {}) {
    const shape = this.options.faults.state.subLabelShape ?? this.options.defaultSubLabelShape;
    return toTrackedObject(tracked, this.frameOf(tracked.event.camera), shape, overrides);
  }

  begin(input: EventInput, media: StoredMedia, options: TrackOptions = {}): TrackedEvent {
    if (!cameraNamePattern.test(input.camera))
      throw new Error(`invalid camera name "${input.camera}"`);
    const frame = this.frameOf(input.camera);
    const event = buildEvent(input, this.options.clock(), frame, this.options.alertLabels);
    const tracked: TrackedEvent = {
      event,
      media,
      live: { ...initialLiveState(event), ...options.live },
    };
    this.options.store.add(tracked);
    const publish = options.publish !== false;
    if (event.end_time !== null) {
      void this.options.messenger.enqueue(() => this.writeFiles(tracked));
      this.options.reviews.addFinished(tracked);
      return tracked;
    }
    const before = this.objectDict(tracked, {
      falsePositive: true,
      hasClip: false,
      hasSnapshot: false,
      firstState: true,
    });
    const after = this.objectDict(tracked);
    tracked.live.previous = after;
    if (publish)
      void this.options.messenger.enqueue(() =>
        this.options.messenger.envelope('events', 'new', before, after),
      );
    this.options.reviews.objectStarted(tracked, publish);
    this.options.counts.refresh(event.camera);
    if (event.has_snapshot) this.queueMqttSnapshot(tracked);
    return tracked;
  }

  update(id: string, patch: EventPatch, options: TrackOptions = {}): TrackedEvent {
    const tracked = this.options.store.require(id);
    const { event, live } = tracked;
    const hadSnapshot = event.has_snapshot;
    const {
      data,
      current_zones: currentZones,
      stationary,
      motionless_count: motionless,
      ...columns
    } = patch;
    Object.assign(event, columns);
    if (data !== undefined) event.data = { ...event.data, ...data };
    if (data?.box !== undefined && data.box !== null) live.box = data.box;
    if (data?.score !== undefined && data.score !== null) live.score = data.score;
    if (data?.sub_label_score !== undefined) live.subLabelScore = data.sub_label_score;
    if (currentZones !== undefined) live.currentZones = [...currentZones];
    if (stationary !== undefined) live.stationary = stationary;
    if (motionless !== undefined) live.motionlessCount = motionless;
    Object.assign(live, options.live);
    live.frameTime = options.live?.frameTime ?? toMicroseconds(this.options.clock());
    this.options.store.touch(id);
    if (event.end_time === null && options.publish !== false) {
      const before = live.previous;
      const after = this.objectDict(tracked);
      live.previous = after;
      live.lastUpdate = { before, after };
      void this.options.messenger.enqueue(() =>
        this.options.messenger.envelope('events', 'update', before, after),
      );
    }
    if (event.end_time === null) {
      this.options.reviews.objectChanged(tracked, options.publish !== false);
      this.options.counts.refresh(event.camera);
      if (event.has_snapshot && !hadSnapshot) this.queueMqttSnapshot(tracked);
    }
    return tracked;
  }

  /** End an object: its files are written first, then `end` is sent (unless `publish` is false). */
  end(id: string, options: TrackOptions & { endTime?: number } = {}): TrackedEvent {
    const tracked = this.options.store.require(id);
    const { event, live } = tracked;
    if (event.end_time !== null) return tracked;
    event.end_time = toMicroseconds(options.endTime ?? this.options.clock());
    Object.assign(live, options.live);
    live.frameTime = event.end_time;
    live.currentZones = [];
    this.options.store.touch(id);
    const before = live.previous;
    const after = this.objectDict(tracked);
    const stale =
      live.lastUpdate ?? (before === null ? undefined : { before, after: { ...before } });
    const publish = options.publish !== false;
    void this.options.messenger.enqueue(async () => {
      await this.writeFiles(tracked);
      if (publish) await this.options.messenger.envelope('events', 'end', before, after, stale);
    });
    this.options.reviews.objectEnded(tracked, publish);
    this.options.counts.refresh(event.camera);
    return tracked;
  }

  /** Frigate writes the thumbnail when the object has a clip or a snapshot, and the snapshot when it has one. */
  private async writeFiles(tracked: TrackedEvent): Promise<void> {
    const { event, media } = tracked;
    const { layout, logger } = this.options;
    try {
      if (event.has_snapshot && (await exists(media.snapshotPath))) {
        await placeFile(media.snapshotPath!, layout.snapshotPath(event.camera, event.id));
      }
      if (!event.has_snapshot && !event.has_clip) return;
      const target = layout.thumbnailPath(event.camera, event.id);
      if (await exists(media.thumbnailPath)) await placeFile(media.thumbnailPath!, target);
      else if (this.options.makeThumbnail !== undefined && (await exists(media.snapshotPath))) {
        await this.options.makeThumbnail(media.snapshotPath!, target);
      }
    } catch (error) {
      logger.warn({ err: error, eventId: event.id }, 'writing event files failed');
    }
  }

  private queueMqttSnapshot(tracked: TrackedEvent): void {
    const path = tracked.media.mqttSnapshotPath ?? tracked.media.snapshotPath;
    if (path === undefined) return;
    const { camera, label } = tracked.event;
    void this.options.messenger.enqueue(async () => {
      if (!(await exists(path))) return;
      await this.options.messenger.publish(
        `${camera}/${label}/snapshot`,
        await readFile(path),
        true,
      );
    });
  }

  /**
   * Close open objects with no message, as Frigate does across a restart. A clean stop sets
   * `end_time` to now and `has_snapshot` to false; after a crash `end_time` is start + 30 s.
   */
  closeSilently(clean: boolean): FrigateEvent[] {
    const now = toMicroseconds(this.options.clock());
    const closed = this.options.store.open().map((tracked) => {
      const { event } = tracked;
      if (clean) {
        event.end_time = now;
        event.has_snapshot = false;
      } else event.end_time = toMicroseconds(event.start_time + 30);
      this.options.store.touch(event.id);
      return event;
    });
    this.options.reviews.closeSilently(now);
    this.options.counts.reset();
    return closed;
  }

  isOpen(id: string): boolean {
    return this.options.store.get(id)?.event.end_time === null;
  }

  delete(id: string): boolean {
    return this.options.store.delete(id);
  }
}
