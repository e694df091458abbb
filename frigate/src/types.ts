import type { FaultController } from './faults';
import type { SimulatorLogger } from './logger';

/** Box as `[x, y, width, height]`, each relative to the frame (0 to 1), top-left origin. */
export type RelativeBox = [number, number, number, number];

/** Box as `[x1, y1, x2, y2]` in pixels of the detect resolution, as Frigate's MQTT uses. */
export type PixelBox = [number, number, number, number];

export type UserRole = 'admin' | 'viewer';

export interface SimulatorUser {
  user: string;
  password: string;
  /** Default `admin`. */
  role?: UserRole;
}

export interface RetentionOptions {
  /** Recording segments older than this are deleted. Default 24. */
  recordingsHours?: number;
  /** Events (and their snapshots and thumbnails) older than this are deleted. Default 10. */
  eventsDays?: number;
}

/** Tuning of the motion analysis that turns footage without a sidecar into events. */
export interface MotionAnalysisOptions {
  /** Frames per second decoded for the analysis (Frigate's detect fps). Default 5. */
  fps: number;
  /** Width in pixels the frames are scaled to before comparison. Default 160. */
  width: number;
  /** Grey-level difference (0-255) from the background that counts as changed. Default 25. */
  pixelThreshold: number;
  /** Changed share of the frame (0-1) above which a frame counts as active. Default 0.005. */
  minAreaFraction: number;
  /** Gap in seconds that still joins two active stretches into one event. Default 2. */
  maxGapSeconds: number;
  /** Shorter activity is dropped. Default 1. */
  minEventSeconds: number;
}

export interface SimulatorOptions {
  /** Folder with `.mp4`, `.mkv` or `.avi` files; each file becomes one camera. */
  clipsDir?: string;
  /** Where Frigate's media tree is written. Default: a temporary folder removed by `stop()`. */
  mediaDir?: string;
  /** Analysis, prepared media and the event store. Default `<mediaDir>/.simulator`. */
  cacheDir?: string;
  /** Extra camera names with no footage, for events injected with `addEvent`. */
  cameras?: string[];
  /** Default `127.0.0.1`. */
  host?: string;
  /** Port of the unauthenticated API (Frigate's 5000). Default 0, a free port. */
  port?: number;
  /** Port of the authenticated API (Frigate's 8971, plain HTTP). Unset: not started. */
  authPort?: number;
  /** Accounts for the authenticated port. Default: `admin` with a random password. */
  users?: SimulatorUser[];
  /** JWT lifetime in seconds (Frigate's `auth.session_length`). Default 86400. */
  sessionLength?: number;
  /** A cookie closer than this to expiry is renewed (`auth.refresh_time`). Default 43200. */
  refreshTime?: number;
  /** Default `frigate_token`. */
  cookieName?: string;
  /** HS256 secret for the JWTs. Default: random per start. */
  jwtSecret?: string;
  /** Broker to publish to, for example `mqtt://127.0.0.1:1883`. Unset: no MQTT. */
  mqttUrl?: string;
  /** Default `frigate-simulator-<random>` so that several simulators can share a broker. */
  mqttClientId?: string;
  /** QoS of published messages (Frigate's `mqtt.qos`). Default 0. */
  mqttQos?: 0 | 1;
  /** Default `frigate`. */
  topicPrefix?: string;
  /** Frigate release to imitate. Default `0.16.4`. */
  version?: string;
  /** Top-level `version` of `/api/config`. Default `"<major>.<minor>-0"`; null leaves it out. */
  configVersion?: string | number | null;
  /** Loop the clips in real time as live cameras. Default true. */
  replay?: boolean;
  /**
   * Seconds of quiet between two loops of a clip, with no objects and no recording segments
   * (like a camera recording in `motion` mode). Default 0. A long-running demo uses a gap so
   * that a 20 s clip does not produce thousands of events a day.
   */
  loopGapSeconds?: number;
  /** Current time in epoch seconds. Default `Date.now() / 1000`. */
  clock?: () => number;
  /** Default: `FFMPEG_PATH`, else `ffmpeg` on PATH. */
  ffmpegPath?: string;
  /** Default: `FFPROBE_PATH`, else `ffprobe` next to `ffmpegPath`, else on PATH. */
  ffprobePath?: string;
  /** Seconds between `<prefix>/stats` messages (`mqtt.stats_interval`). Default 60. */
  statsInterval?: number;
  /**
   * Seconds without activity before a review segment ends. Default 5. Frigate 0.16 waits 30 s
   * for detections and 120 s for alerts, which would merge every loop of a short clip.
   */
  reviewInactivitySeconds?: number;
  /** Labels whose review segments are alerts (`review.alerts.labels`). Default person, car. */
  alertLabels?: string[];
  retention?: RetentionOptions;
  analysis?: Partial<MotionAnalysisOptions>;
  logger?: SimulatorLogger;
}

export interface EventAttribute {
  box: RelativeBox;
  label: string;
  score: number;
}

/** The `data` column of an event as the REST API returns it. */
export interface FrigateEventData {
  box?: RelativeBox | null;
  region?: RelativeBox | null;
  score?: number | null;
  top_score?: number | null;
  attributes?: EventAttribute[] | null;
  average_estimated_speed?: number;
  velocity_angle?: number;
  type?: 'object' | 'audio' | 'api';
  max_severity?: 'alert' | 'detection' | null;
  path_data?: [[number, number], number][] | null;
  sub_label_score?: number | null;
  recognized_license_plate?: string;
  recognized_license_plate_score?: number;
  description?: string;
  [key: string]: unknown;
}

/** An event as `GET /api/events/<id>` returns it (every column, in Frigate's order). */
export interface FrigateEvent {
  id: string;
  label: string;
  sub_label: string | null;
  camera: string;
  start_time: number;
  end_time: number | null;
  top_score: number | null;
  score: number | null;
  false_positive: boolean | null;
  zones: string[];
  thumbnail: string | null;
  has_clip: boolean;
  has_snapshot: boolean;
  region: RelativeBox | null;
  box: RelativeBox | null;
  area: number | null;
  retain_indefinitely: boolean;
  ratio: number;
  plus_id: string | null;
  model_hash: string | null;
  detector_type: string | null;
  model_type: string | null;
  data: FrigateEventData;
}

/** Input of `addEvent`: `camera` is required, everything else has a default. */
export type EventInput = Partial<Omit<FrigateEvent, 'data'>> & {
  camera: string;
  data?: FrigateEventData;
};

/** Fields `updateEvent` can change; `current_zones` and `stationary` only show on MQTT. */
export type EventPatch = Partial<Omit<FrigateEvent, 'id' | 'camera' | 'data'>> & {
  data?: FrigateEventData;
  current_zones?: string[];
  stationary?: boolean;
  motionless_count?: number;
};

/** Files served for an injected event instead of prepared footage. */
export interface EventMedia {
  clipPath?: string;
  snapshotPath?: string;
  /** A WebP thumbnail; without it the snapshot is scaled with ffmpeg when requested. */
  thumbnailPath?: string;
}

export interface PublishOptions {
  /** Default true: send the matching `frigate/events` message. */
  publish?: boolean;
}

export interface ReviewData {
  detections: string[];
  objects: string[];
  sub_labels: string[];
  zones: string[];
  audio: string[];
  [key: string]: unknown;
}

/** A review segment as `GET /api/review/<id>` returns it. */
export interface FrigateReview {
  id: string;
  camera: string;
  start_time: number;
  end_time: number | null;
  severity: 'alert' | 'detection';
  thumb_path: string;
  data: ReviewData;
}

/** Input of `addReview`: a review item, optionally already reviewed by every user. */
export type ReviewInput = FrigateReview & { has_been_reviewed?: boolean };

/** One HTTP request the simulator received, for tests that check what a client sent. */
export interface SimulatorRequest {
  method: string;
  /** Path and query as sent, for example `/api/events?limit=100`. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** True for the authenticated port (Frigate's 8971). */
  authenticatedPort: boolean;
}

export type MessageType = 'new' | 'update' | 'end';

/** One entry of a clip's timeline: an object seen between `start` and `end` seconds. */
export interface TimelineEntry {
  start: number;
  end: number;
  label: string;
  score: number;
  box: RelativeBox;
  sub_label?: string;
  sub_label_score?: number;
  zones?: string[];
  /** Second of the snapshot frame, where `box` applies. Default: the middle of the entry. */
  snapshot_time?: number;
  /** Boxes over time (from the sidecar or the motion analysis), `t` in seconds from clip start. */
  path?: { t: number; box: RelativeBox }[];
}

export interface CameraTimeline {
  camera: string;
  clipPath: string;
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  source: 'sidecar' | 'motion';
  entries: TimelineEntry[];
}

export interface RestartOptions {
  /** True: a clean stop (open events end now without snapshot). False: a crash. */
  clean: boolean;
}

export interface FrigateSimulator {
  /** Unauthenticated API, like Frigate's port 5000. */
  url: string;
  /** Authenticated API, like Frigate's port 8971; undefined without `authPort`. */
  authUrl: string | undefined;
  cameras: string[];
  mediaDir: string;
  users: SimulatorUser[];
  /** What each camera plays, from its sidecar or from the motion analysis. */
  timelines: Record<string, CameraTimeline>;
  faults: FaultController;
  addEvent(event: EventInput, media?: EventMedia, options?: PublishOptions): FrigateEvent;
  updateEvent(id: string, patch: EventPatch, options?: PublishOptions): FrigateEvent;
  endEvent(id: string, options?: PublishOptions & { end_time?: number }): FrigateEvent;
  publishEventMessage(type: MessageType, before: unknown, after: unknown): Promise<void>;
  publishReviewMessage(type: MessageType, before: unknown, after: unknown): Promise<void>;
  restart(options: RestartOptions): Promise<void>;
  /** Store a review item as `/api/review` returns it, with no MQTT message. */
  addReview(review: ReviewInput): FrigateReview;
  events(): FrigateEvent[];
  reviews(): FrigateReview[];
  /** The last 1,000 HTTP requests, oldest first. */
  requests: readonly SimulatorRequest[];
  /** Resolves once every queued message has been published and every event file written. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}
