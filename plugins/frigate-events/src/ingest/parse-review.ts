import {
  asRecord,
  checkTimes,
  fail,
  isCameraName,
  isFrigateId,
  severityOrNull,
  stringSet,
  type ParseResult,
  type Severity,
} from './parse-common';
import { cleanRecord, cleanText } from './text-clean';

/** A Frigate review segment in one shape, from MQTT `<prefix>/reviews` or `GET /api/review`. */
export interface NormalizedReview {
  frigateReviewId: string;
  camera: string;
  severity: Severity;
  startTime: number;
  endTime: number | null;
  objects: string[];
  zones: string[];
  subLabels: string[];
  /** Frigate event ids in the review. */
  detections: string[];
  audio: string[];
  thumbPath: string | null;
  raw: Record<string, unknown>;
}

export interface ReviewMessage {
  type: 'new' | 'update' | 'end';
  review: NormalizedReview;
}

/** Parse a `<prefix>/reviews` payload: `{type, before, after}`. */
export function parseReviewMessage(payload: Buffer | string): ParseResult<ReviewMessage> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return fail('invalid_json');
  }
  const envelope = asRecord(parsed);
  if (envelope === null) return fail('not_an_object');
  const type = envelope.type;
  if (type !== 'new' && type !== 'update' && type !== 'end') return fail('unknown_type');
  if (asRecord(envelope.after) === null) return fail('missing_after');
  const review = parseReview(envelope.after);
  if (!review.ok) return review;
  return { ok: true, value: { type, review: review.value } };
}

/** Parse one review dict; the MQTT `after` and the REST item have the same keys. */
export function parseReview(value: unknown): ParseResult<NormalizedReview> {
  const object = asRecord(value);
  if (object === null) return fail('not_an_object');
  if (!isFrigateId(object.id)) return fail('invalid_id');
  if (!isCameraName(object.camera)) return fail('invalid_camera');
  const severity = severityOrNull(object.severity);
  if (severity === null) return fail('invalid_severity');
  const times = checkTimes(object.start_time, object.end_time);
  if (!times.ok) return times;
  const data = asRecord(object.data) ?? {};
  return {
    ok: true,
    value: {
      frigateReviewId: object.id,
      camera: object.camera,
      severity,
      startTime: times.value.start,
      endTime: times.value.end,
      objects: stringSet(data.objects),
      zones: stringSet(data.zones),
      subLabels: stringSet(data.sub_labels),
      detections: stringSet(data.detections).filter(isFrigateId),
      audio: stringSet(data.audio),
      thumbPath: typeof object.thumb_path === 'string' ? cleanText(object.thumb_path) : null,
      raw: cleanRecord(object),
    },
  };
}
