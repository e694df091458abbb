import { newFrigateId, toMicroseconds } from '../ids';

/**
 * Retained `<camera>/<feature>/state` topics in the order Frigate 0.16 publishes them on
 * connect, with the values of the example configuration (audio and PTZ off).
 */
export function stateTopics(cameras: string[]): [string, string][] {
  const topics: [string, string][] = [];
  for (const camera of cameras) {
    topics.push(
      [`${camera}/enabled/state`, 'ON'],
      [`${camera}/recordings/state`, 'ON'],
      [`${camera}/snapshots/state`, 'ON'],
      [`${camera}/audio/state`, 'OFF'],
      [`${camera}/detect/state`, 'ON'],
      [`${camera}/motion/state`, 'ON'],
      [`${camera}/improve_contrast/state`, 'ON'],
      [`${camera}/ptz_autotracker/state`, 'OFF'],
      [`${camera}/motion_threshold/state`, '30'],
      [`${camera}/motion_contour_area/state`, '10'],
      [`${camera}/birdseye/state`, 'ON'],
      [`${camera}/birdseye_mode/state`, 'OBJECTS'],
      [`${camera}/review_alerts/state`, 'ON'],
      [`${camera}/review_detections/state`, 'ON'],
    );
  }
  return topics;
}

/** An `end` message of an event that finished two days ago, for the retained-stale fault. */
export function staleEventMessage(nowSeconds: number, camera: string) {
  const start = toMicroseconds(nowSeconds - 2 * 86400);
  const end = toMicroseconds(start + 12.5);
  const id = newFrigateId(start);
  const common = {
    id,
    camera,
    label: 'person',
    sub_label: null,
    start_time: start,
    has_clip: true,
    has_snapshot: true,
    false_positive: false,
    top_score: 0.81,
  };
  return {
    before: {
      ...common,
      frame_time: toMicroseconds(end - 1),
      end_time: null,
      current_zones: [],
      entered_zones: [],
    },
    after: { ...common, frame_time: end, end_time: end, current_zones: [], entered_zones: [] },
    type: 'end',
  };
}
