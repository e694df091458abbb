import type { DiskLayout } from '../disk-layout';
import type { FaultController } from '../faults';
import type { FfmpegBinaries } from '../ffmpeg/binaries';
import type { AuthSettings } from '../http/auth';
import type { SimulatorLogger } from '../logger';
import type { RecordingIndex } from '../replay/recordings';
import type { EventStore } from '../store/event-store';
import type { ReviewStore } from '../store/review-store';
import type { ObjectTracker } from '../tracking/object-tracker';
import type { VersionInfo } from '../version';

/** A configured camera as the routes see it. */
export interface CameraInfo {
  name: string;
  width: number;
  height: number;
  fps: number;
  /** A frame for `latest.jpg`; undefined for cameras without footage. */
  posterPath: string | undefined;
  zones: string[];
}

/** Everything the HTTP routes read or change. */
export interface RouteDeps {
  store: EventStore;
  reviews: ReviewStore;
  tracker: ObjectTracker;
  faults: FaultController;
  layout: DiskLayout;
  recordings: RecordingIndex;
  version: VersionInfo;
  cameras: () => CameraInfo[];
  config: () => Record<string, unknown>;
  stats: () => Record<string, unknown>;
  clock: () => number;
  binaries: FfmpegBinaries | undefined;
  auth: AuthSettings | undefined;
  cacheDir: string;
  logger: SimulatorLogger;
}
