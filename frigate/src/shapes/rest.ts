import type { FrigateEvent, FrigateReview } from '../types';

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * An event as a `GET /api/events` item: Frigate selects only these columns, in this order,
 * and adds `thumbnail` when `include_thumbnails` is on (the default).
 */
export function toListItem(
  event: FrigateEvent,
  includeThumbnail: boolean,
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: event.id,
    camera: event.camera,
    label: event.label,
    zones: copy(event.zones),
    start_time: event.start_time,
    end_time: event.end_time,
    has_clip: event.has_clip,
    has_snapshot: event.has_snapshot,
    plus_id: event.plus_id,
    retain_indefinitely: event.retain_indefinitely,
    sub_label: event.sub_label,
    top_score: event.top_score,
    false_positive: event.false_positive,
    box: copy(event.box),
    data: copy(event.data),
  };
  if (includeThumbnail) item.thumbnail = event.thumbnail;
  return item;
}

/** An event as `GET /api/events/<id>` returns it: every column in the model's order. */
export function toSingle(event: FrigateEvent): FrigateEvent {
  return {
    id: event.id,
    label: event.label,
    sub_label: event.sub_label,
    camera: event.camera,
    start_time: event.start_time,
    end_time: event.end_time,
    top_score: event.top_score,
    score: event.score,
    false_positive: event.false_positive,
    zones: copy(event.zones),
    thumbnail: event.thumbnail,
    has_clip: event.has_clip,
    has_snapshot: event.has_snapshot,
    region: copy(event.region),
    box: copy(event.box),
    area: event.area,
    retain_indefinitely: event.retain_indefinitely,
    ratio: event.ratio,
    plus_id: event.plus_id,
    model_hash: event.model_hash,
    detector_type: event.detector_type,
    model_type: event.model_type,
    data: copy(event.data),
  };
}

export function toReview(review: FrigateReview): FrigateReview {
  return {
    id: review.id,
    camera: review.camera,
    start_time: review.start_time,
    end_time: review.end_time,
    severity: review.severity,
    thumb_path: review.thumb_path,
    data: copy(review.data),
  };
}
