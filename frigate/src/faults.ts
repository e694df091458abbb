import type { SubLabelShape } from './shapes/mqtt';

export type DownMode = 'refuse' | '503';

export interface FaultState {
  down: boolean;
  downMode: DownMode;
  slowMs: number;
  notFoundWhileInProgress: boolean;
  duplicateMessages: boolean;
  reorderMessages: boolean;
  dropEndMessages: boolean;
  /** Undefined: the shape of the imitated version. */
  subLabelShape: SubLabelShape | undefined;
  clipNotReady: boolean;
  streamedClips: boolean;
}

export interface FaultHooks {
  setDown(down: boolean, mode: DownMode): Promise<void>;
  publishStaleEvent(): Promise<void>;
}

/** Switches for the failures a Frigate client has to survive. Each one stays on until turned off. */
export class FaultController {
  private readonly current: FaultState = {
    down: false,
    downMode: 'refuse',
    slowMs: 0,
    notFoundWhileInProgress: false,
    duplicateMessages: false,
    reorderMessages: false,
    dropEndMessages: false,
    subLabelShape: undefined,
    clipNotReady: false,
    streamedClips: false,
  };

  constructor(private readonly hooks: FaultHooks) {}

  get state(): Readonly<FaultState> {
    return this.current;
  }

  /**
   * Take Frigate off the network: HTTP refuses connections (or answers 503 with `http: '503'`)
   * and the MQTT connection drops without a DISCONNECT, so the broker publishes the last will.
   * Objects keep being tracked; messages published meanwhile are lost.
   */
  async down(on = true, options: { http?: DownMode } = {}): Promise<void> {
    this.current.down = on;
    this.current.downMode = options.http ?? 'refuse';
    await this.hooks.setDown(on, this.current.downMode);
  }

  /** Delay every HTTP response by `ms` milliseconds (0 turns it off). */
  slow(ms: number): void {
    this.current.slowMs = Math.max(0, ms);
  }

  /** Media of in-progress events answers 404, as when a live frame is not available. */
  notFoundWhileInProgress(on = true): void {
    this.current.notFoundWhileInProgress = on;
  }

  /** Send every `events` and `reviews` message twice. */
  duplicateMessages(on = true): void {
    this.current.duplicateMessages = on;
  }

  /** After each `end`, send the object's last `update` again (stale, out of order). */
  reorderMessages(on = true): void {
    this.current.reorderMessages = on;
  }

  /** Drop `end` messages on `events` and `reviews`. */
  dropEndMessages(on = true): void {
    this.current.dropEndMessages = on;
  }

  /** Publish a retained `end` message of a two-day-old event on `<prefix>/events`. */
  async retainedStaleEvent(): Promise<void> {
    await this.hooks.publishStaleEvent();
  }

  /** Send `sub_label` as `[name, score]`, as a bare string (0.12) or as `[name, null]`. */
  subLabelShape(shape: SubLabelShape | undefined): void {
    this.current.subLabelShape = shape;
  }

  /**
   * Recordings are not on disk yet: `clip.mp4` answers 200 with an empty body in 0.16 mode and
   * 400 "No recordings found for the specified time range" from 0.17.
   */
  clipNotReady(on = true): void {
    this.current.clipNotReady = on;
  }

  /**
   * Serve `clip.mp4` the way Frigate 0.16 really does: a fragmented MP4 streamed from ffmpeg
   * with no Content-Length, ignoring Range.
   */
  streamedClips(on = true): void {
    this.current.streamedClips = on;
  }
}
