import type { TrackedEvent } from '../store/event-store';
import type { PixelBox, RelativeBox } from '../types';

/** How `sub_label` travels on MQTT: `[name, score]` since 0.13, a bare string before. */
export type SubLabelShape = 'array' | 'string' | 'null-score';

export interface FrameSize {
  width: number;
  height: number;
}

export function toPixelBox(box: RelativeBox, frame: FrameSize): PixelBox {
  return [
    Math.round(box[0] * frame.width),
    Math.round(box[1] * frame.height),
    Math.round((box[0] + box[2]) * frame.width),
    Math.round((box[1] + box[3]) * frame.height),
  ];
}

export function toRelativeBox(box: PixelBox, frame: FrameSize): RelativeBox {
  return [
    box[0] / frame.width,
    box[1] / frame.height,
    (box[2] - box[0]) / frame.width,
    (box[3] - box[1]) / frame.height,
  ];
}

/** Frigate's detection region: a square around the box, at least 320 px, inside the frame. */
export function regionAround(box: PixelBox, frame: FrameSize): PixelBox {
  const limit = Math.min(frame.width, frame.height);
  const side = Math.min(
    limit,
    Math.max(320, Math.ceil((Math.max(box[2] - box[0], box[3] - box[1]) * 1.2) / 4) * 4),
  );
  const centreX = (box[0] + box[2]) / 2;
  const centreY = (box[1] + box[3]) / 2;
  const x = Math.min(Math.max(0, Math.round(centreX - side / 2)), frame.width - side);
  const y = Math.min(Math.max(0, Math.round(centreY - side / 2)), frame.height - side);
  return [x, y, x + side, y + side];
}

function area(box: PixelBox): number {
  return (box[2] - box[0]) * (box[3] - box[1]);
}

function ratio(box: PixelBox): number {
  const height = box[3] - box[1];
  return height === 0 ? 0 : (box[2] - box[0]) / height;
}

function subLabelValue(name: string | null, score: number | null, shape: SubLabelShape): unknown {
  if (name === null) return null;
  if (shape === 'string') return name;
  if (shape === 'null-score') return [name, null];
  return [name, score];
}

export interface ObjectOverrides {
  falsePositive?: boolean;
  hasClip?: boolean;
  hasSnapshot?: boolean;
  /** Leave out the snapshot and the sub label, as in an object's very first state. */
  firstState?: boolean;
}

/**
 * The tracked-object dict that Frigate 0.16 puts in `before`/`after` of `frigate/events`,
 * key for key: pixel boxes, `sub_label` in the requested shape, `snapshot` or null.
 */
export function toTrackedObject(
  tracked: TrackedEvent,
  frame: FrameSize,
  shape: SubLabelShape,
  overrides: ObjectOverrides = {},
): Record<string, unknown> {
  const { event, live } = tracked;
  const data = event.data ?? {};
  const box = toPixelBox(live.box, frame);
  const region = regionAround(box, frame);
  const pathData = structuredClone(data.path_data ?? []);
  const first = overrides.firstState === true;
  const snapshotBox = live.snapshot === null ? null : toPixelBox(live.snapshot.box, frame);
  const snapshot =
    first || live.snapshot === null || snapshotBox === null
      ? null
      : {
          frame_time: live.snapshot.frameTime,
          box: snapshotBox,
          area: area(snapshotBox),
          region: regionAround(snapshotBox, frame),
          score: live.snapshot.score,
          attributes: [],
          current_estimated_speed: 0,
          velocity_angle: data.velocity_angle ?? 0,
          path_data: pathData,
          recognized_license_plate: null,
        };
  const attributes: Record<string, number> = {};
  for (const attribute of data.attributes ?? []) {
    attributes[attribute.label] = Math.max(attributes[attribute.label] ?? 0, attribute.score);
  }
  return {
    id: event.id,
    camera: event.camera,
    frame_time: first ? event.start_time : live.frameTime,
    snapshot,
    label: event.label,
    sub_label: first ? null : subLabelValue(event.sub_label, live.subLabelScore, shape),
    top_score: first ? 0 : (data.top_score ?? 0),
    false_positive: overrides.falsePositive ?? false,
    start_time: event.start_time,
    end_time: event.end_time,
    score: live.score,
    box,
    area: area(box),
    ratio: ratio(box),
    region,
    active: !live.stationary,
    stationary: live.stationary,
    motionless_count: live.motionlessCount,
    position_changes: first ? 0 : live.positionChanges,
    current_zones: first ? [] : [...live.currentZones],
    entered_zones: first ? [] : [...event.zones],
    has_clip: overrides.hasClip ?? event.has_clip,
    has_snapshot: overrides.hasSnapshot ?? event.has_snapshot,
    attributes,
    current_attributes: [],
    pending_loitering: false,
    max_severity: data.max_severity ?? null,
    current_estimated_speed: 0,
    average_estimated_speed: data.average_estimated_speed ?? 0,
    velocity_angle: data.velocity_angle ?? 0,
    path_data: first ? [] : pathData,
    recognized_license_plate: null,
  };
}
