import { randomBytes } from 'node:crypto';

/** Makes a Frigate event id as Frigate does: `<epoch seconds>-<six random characters>`. */
export function frigateEventId(epochSeconds: number): string {
  return `${epochSeconds.toFixed(6)}-${randomBytes(4).toString('hex').slice(0, 6)}`;
}

/**
 * Builds a `frigate/events` message of type `new`, shaped like Frigate 0.16 sends it (pixel boxes,
 * `before` the first false-positive state), about 1.3 KB of JSON.
 */
export function newEventMessage(id: string, camera: string, startTime: number): string {
  const before = {
    id,
    camera,
    frame_time: startTime,
    snapshot: null,
    label: 'person',
    sub_label: null,
    top_score: 0,
    false_positive: true,
    start_time: startTime,
    end_time: null,
    score: 0.62,
    box: [512, 180, 580, 360],
    area: 12240,
    ratio: 0.38,
    region: [400, 100, 720, 420],
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 0,
    current_zones: [],
    entered_zones: [],
    has_clip: false,
    has_snapshot: false,
    attributes: {},
    current_attributes: [],
  };
  const after = {
    ...before,
    frame_time: startTime + 1.2,
    snapshot: {
      frame_time: startTime + 1.2,
      box: [520, 176, 590, 362],
      area: 13020,
      region: [400, 100, 720, 420],
      score: 0.81,
      attributes: [],
    },
    top_score: 0.79,
    false_positive: false,
    score: 0.81,
    box: [520, 176, 590, 362],
    area: 13020,
    ratio: 0.376,
    position_changes: 1,
    current_zones: ['driveway_apron'],
    entered_zones: ['driveway_apron'],
    has_clip: true,
  };
  return JSON.stringify({ type: 'new', before, after });
}
