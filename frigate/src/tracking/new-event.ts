import { newFrigateId, toMicroseconds } from '../ids';
import { regionAround, toPixelBox, toRelativeBox, type FrameSize } from '../shapes/mqtt';
import type { LiveState } from '../store/event-store';
import type { EventInput, FrigateEvent, FrigateEventData, RelativeBox } from '../types';

const defaultBox: RelativeBox = [0.4, 0.3, 0.15, 0.45];

/** Stand-ins for the detector columns Frigate fills from its first detector. */
export const detectorColumns = {
  model_hash: 'c3f1b1f8d0a24b6e9f3e7a5d2c4b6a81',
  detector_type: 'cpu',
  model_type: 'ssd',
};

/**
 * Complete an injected event with Frigate 0.16's defaults: legacy top-level columns null,
 * real values in `data`, `has_clip`/`has_snapshot` true.
 */
export function buildEvent(
  input: EventInput,
  nowSeconds: number,
  frame: FrameSize,
  alertLabels: string[],
): FrigateEvent {
  const startTime = toMicroseconds(input.start_time ?? nowSeconds);
  const label = input.label ?? 'person';
  const box = input.data?.box ?? defaultBox;
  const data: FrigateEventData = {
    box,
    region: toRelativeBox(regionAround(toPixelBox(box, frame), frame), frame),
    score: 0.8,
    top_score: 0.8,
    attributes: [],
    average_estimated_speed: 0,
    velocity_angle: 0,
    type: 'object',
    max_severity: alertLabels.includes(label) ? 'alert' : 'detection',
    path_data: [],
    ...input.data,
  };
  const subLabel = input.sub_label ?? null;
  if (subLabel !== null && data.sub_label_score === undefined) data.sub_label_score = null;
  return {
    id: input.id ?? newFrigateId(startTime),
    label,
    sub_label: subLabel,
    camera: input.camera,
    start_time: startTime,
    end_time: input.end_time ?? null,
    top_score: input.top_score ?? null,
    score: input.score ?? null,
    false_positive: input.false_positive ?? null,
    zones: [...(input.zones ?? [])],
    thumbnail: input.thumbnail ?? null,
    has_clip: input.has_clip ?? true,
    has_snapshot: input.has_snapshot ?? true,
    region: input.region ?? null,
    box: input.box ?? null,
    area: input.area ?? null,
    retain_indefinitely: input.retain_indefinitely ?? false,
    ratio: input.ratio ?? 1.0,
    plus_id: input.plus_id ?? null,
    model_hash: input.model_hash ?? detectorColumns.model_hash,
    detector_type: input.detector_type ?? detectorColumns.detector_type,
    model_type: input.model_type ?? detectorColumns.model_type,
    data,
  };
}

export function initialLiveState(event: FrigateEvent): LiveState {
  const box = event.data.box ?? defaultBox;
  const score = event.data.score ?? 0.8;
  return {
    frameTime: event.end_time ?? event.start_time,
    score,
    box,
    currentZones: event.end_time === null ? [...event.zones] : [],
    stationary: false,
    motionlessCount: 0,
    positionChanges: 0,
    subLabelScore: (event.data.sub_label_score as number | null | undefined) ?? null,
    snapshot: { frameTime: event.start_time, box, score },
    previous: null,
    lastUpdate: null,
  };
}
