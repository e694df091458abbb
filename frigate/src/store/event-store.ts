import type { EventMedia, FrigateEvent, RelativeBox } from '../types';

/** Media of one event; paths may point into the prepared-footage cache. */
export interface StoredMedia extends EventMedia {
  thumbnailJpgPath?: string;
  /** Crop published on `<camera>/<label>/snapshot`. */
  mqttSnapshotPath?: string;
  reviewThumbnailPath?: string;
  /** Set for replayed objects: the clip grows with wall-clock time while the object is live. */
  liveClip?: { path: string; durationSeconds: number };
}

/** What Frigate's tracker knows about a live object beyond the database row. */
export interface LiveState {
  frameTime: number;
  score: number;
  box: RelativeBox;
  currentZones: string[];
  stationary: boolean;
  motionlessCount: number;
  positionChanges: number;
  subLabelScore: number | null;
  snapshot: { frameTime: number; box: RelativeBox; score: number } | null;
  /** The last `after` object sent on MQTT; the next message's `before`. */
  previous: Record<string, unknown> | null;
  /** The last `update` message, replayed late by the reorder fault. */
  lastUpdate: { before: unknown; after: unknown } | null;
}

export interface TrackedEvent {
  event: FrigateEvent;
  media: StoredMedia;
  live: LiveState;
}

/** Events in insertion order, like rows of Frigate's `event` table. */
export class EventStore {
  private readonly byId = new Map<string, TrackedEvent>();

  /** `onChange` receives the id of each added, changed or deleted event. */
  constructor(private readonly onChange: (id: string) => void = () => undefined) {}

  add(tracked: TrackedEvent): void {
    if (this.byId.has(tracked.event.id))
      throw new Error(`event ${tracked.event.id} already exists`);
    this.byId.set(tracked.event.id, tracked);
    this.onChange(tracked.event.id);
  }

  get(id: string): TrackedEvent | undefined {
    return this.byId.get(id);
  }

  require(id: string): TrackedEvent {
    const tracked = this.byId.get(id);
    if (tracked === undefined) throw new Error(`unknown event id "${id}"`);
    return tracked;
  }

  delete(id: string): boolean {
    const deleted = this.byId.delete(id);
    if (deleted) this.onChange(id);
    return deleted;
  }

  /** Tell the store that a stored event was changed in place. */
  touch(id: string): void {
    this.onChange(id);
  }

  all(): TrackedEvent[] {
    return [...this.byId.values()];
  }

  rows(): FrigateEvent[] {
    return this.all().map((tracked) => tracked.event);
  }

  open(): TrackedEvent[] {
    return this.all().filter((tracked) => tracked.event.end_time === null);
  }
}
