import type { PreparedCamera, PreparedEntry } from '../footage/prepare';
import { toMicroseconds } from '../ids';
import type { SimulatorLogger } from '../logger';
import type { ObjectTracker } from '../tracking/object-tracker';
import { boxAt, scriptUpdates } from './object-script';
import type { RecordingIndex } from './recordings';

export interface CameraReplayOptions {
  prepared: PreparedCamera;
  tracker: ObjectTracker;
  recordings: RecordingIndex;
  clock: () => number;
  /** Seconds between the end of one loop and the start of the next. */
  loopGapSeconds: number;
  logger: SimulatorLogger;
}

/**
 * Plays one clip as a live camera, looping forever: each loop tracks the timeline's objects
 * again under new ids at the wall-clock moments they appear, and writes each recording
 * segment into the UTC folders once its time has passed.
 */
export class CameraReplay {
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private loops = 0;

  constructor(private readonly options: CameraReplayOptions) {}

  get camera(): string {
    return this.options.prepared.timeline.camera;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startLoop(Date.now(), this.options.clock());
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private at(loopStartMs: number, seconds: number, task: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.running) return;
        try {
          task();
        } catch (error) {
          this.options.logger.error({ err: error, camera: this.camera }, 'replay step failed');
        }
      },
      Math.max(0, loopStartMs + seconds * 1000 - Date.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private startLoop(loopStartMs: number, loopStartEpoch: number): void {
    const { prepared } = this.options;
    this.loops += 1;
    this.options.logger.debug({ camera: this.camera, loop: this.loops }, 'replay loop started');
    for (const entry of prepared.entries) this.scheduleObject(loopStartMs, entry);
    for (const segment of prepared.segments) {
      this.at(loopStartMs, segment.end, () => {
        const objects = prepared.timeline.entries.filter(
          (entry) => entry.start < segment.end && entry.end > segment.start,
        ).length;
        const start = loopStartEpoch + segment.start;
        const end = loopStartEpoch + segment.end;
        this.options.recordings
          .write(this.camera, segment.path, start, end, segment.bytes, objects)
          .catch((error: unknown) => {
            this.options.logger.warn(
              { err: error, camera: this.camera },
              'writing a recording segment failed',
            );
          });
      });
    }
    const cycle = prepared.timeline.durationSeconds + this.options.loopGapSeconds;
    this.at(loopStartMs, cycle, () =>
      this.startLoop(loopStartMs + cycle * 1000, loopStartEpoch + cycle),
    );
  }

  private scheduleObject(loopStartMs: number, prepared: PreparedEntry): void {
    const { entry } = prepared;
    const { tracker, clock } = this.options;
    let id: string | undefined;
    this.at(loopStartMs, entry.start, () => {
      const startEpoch = toMicroseconds(clock());
      const box = boxAt(entry, entry.start);
      const tracked = tracker.begin(
        {
          camera: this.camera,
          label: entry.label,
          start_time: startEpoch,
          has_clip: true,
          has_snapshot: false,
          data: {
            box: entry.box,
            score: null,
            top_score: Math.round(entry.score * 0.85 * 10000) / 10000,
          },
        },
        {
          clipPath: prepared.clipPath,
          snapshotPath: prepared.images.snapshot,
          thumbnailPath: prepared.images.thumbnailWebp,
          thumbnailJpgPath: prepared.images.thumbnailJpg,
          mqttSnapshotPath: prepared.images.mqttSnapshot,
          reviewThumbnailPath: prepared.images.reviewWebp,
          liveClip: { path: prepared.clipPath, durationSeconds: entry.end - entry.start },
        },
        { live: { box, score: Math.round(entry.score * 0.85 * 10000) / 10000, snapshot: null } },
      );
      id = tracked.event.id;
      for (const update of scriptUpdates(prepared, startEpoch)) {
        this.at(loopStartMs, entry.start + update.at, () => {
          if (id !== undefined && tracker.isOpen(id))
            tracker.update(id, update.patch, { live: update.live });
        });
      }
    });
    this.at(loopStartMs, entry.end, () => {
      if (id !== undefined && tracker.isOpen(id))
        tracker.end(id, { live: { box: boxAt(entry, entry.end) } });
    });
  }
}
