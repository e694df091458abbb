import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAMERA_NAME_PATTERN,
  FRIGATE_ID_PATTERN,
  MAX_CAMERA_NAME_LENGTH,
  MAX_ID_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_SUB_LABEL_LENGTH,
  type MalformedReason,
  type ParseResult,
} from '../../../plugins/frigate-events/src/ingest/parse-common';
import {
  parseEventMessage,
  parseMqttEvent,
  parseRestEvent,
  type NormalizedEvent,
} from '../../../plugins/frigate-events/src/ingest/parse-event';
import {
  parseReview,
  parseReviewMessage,
  type NormalizedReview,
} from '../../../plugins/frigate-events/src/ingest/parse-review';
import { envelope, frigateId, frigateObject, mqttPayload } from './support/frigate-payloads';
import { hostileString } from './support/hostile';

/**
 * Frigate payload parsing under hostile input. The parse functions of the frigate-events plugin
 * never throw and reject with a known reason. They accept only values that follow Frigate's id
 * and camera name rules, with bounded labels and times the database can store.
 */
const RUNS = 300;
const REASONS: MalformedReason[] = [
  'invalid_json',
  'not_an_object',
  'unknown_type',
  'missing_after',
  'invalid_id',
  'invalid_camera',
  'invalid_label',
  'invalid_start_time',
  'invalid_end_time',
  'end_before_start',
  'invalid_severity',
];

function expectRejectedOrSane<T>(result: ParseResult<T>, check: (value: T) => void): void {
  if (result.ok) check(result.value);
  else expect(REASONS).toContain(result.reason);
}

function expectSaneTimes(start: number, end: number | null): void {
  expect(Number.isFinite(start)).toBe(true);
  expect(start).toBeGreaterThan(0);
  if (end !== null) {
    expect(Number.isFinite(end)).toBe(true);
    expect(end).toBeGreaterThanOrEqual(start);
  }
}

function expectSaneIdAndCamera(id: string, camera: string): void {
  expect(id).toMatch(FRIGATE_ID_PATTERN);
  expect(id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
  expect(camera).toMatch(CAMERA_NAME_PATTERN);
  expect(camera.length).toBeLessThanOrEqual(MAX_CAMERA_NAME_LENGTH);
}

function expectSaneEvent(event: NormalizedEvent): void {
  expectSaneIdAndCamera(event.frigateEventId, event.camera);
  expect(event.label.length).toBeGreaterThan(0);
  expect(event.label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
  if (event.subLabel !== null)
    expect(event.subLabel.length).toBeLessThanOrEqual(MAX_SUB_LABEL_LENGTH);
  expectSaneTimes(event.startTime, event.endTime);
  for (const score of [event.score, event.topScore, event.subLabelScore, event.frameTime]) {
    if (score !== null) expect(Number.isFinite(score)).toBe(true);
  }
  expect(event.zones.every((zone) => typeof zone === 'string' && zone !== '')).toBe(true);
  expect(new Set(event.zones).size).toBe(event.zones.length);
  expect([null, 'alert', 'detection']).toContain(event.severity);
  expect(typeof event.hasClip).toBe('boolean');
  expect(typeof event.hasSnapshot).toBe('boolean');
}

function expectSaneReview(review: NormalizedReview): void {
  expectSaneIdAndCamera(review.frigateReviewId, review.camera);
  expectSaneTimes(review.startTime, review.endTime);
  expect(['alert', 'detection']).toContain(review.severity);
  for (const id of review.detections) expect(id).toMatch(FRIGATE_ID_PATTERN);
}

describe('Frigate payload parsing', () => {
  it('parses hostile event payloads without throwing', () => {
    fc.assert(
      fc.property(mqttPayload, (payload) => {
        expectRejectedOrSane(parseEventMessage(payload), (message) => {
          expect(['new', 'update', 'end']).toContain(message.type);
          expectSaneEvent(message.event);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('parses hostile review payloads without throwing', () => {
    fc.assert(
      fc.property(mqttPayload, (payload) => {
        expectRejectedOrSane(parseReviewMessage(payload), (message) =>
          expectSaneReview(message.review),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('parses hostile event and review objects without throwing', () => {
    // Objects straight from a decoder may hold NaN, Infinity and -0, which JSON cannot carry.
    fc.assert(
      fc.property(frigateObject, (object) => {
        expectRejectedOrSane(parseMqttEvent(object), expectSaneEvent);
        expectRejectedOrSane(parseRestEvent(object), expectSaneEvent);
        expectRejectedOrSane(parseReview(object), expectSaneReview);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts a well-formed event whatever else the envelope holds', () => {
    fc.assert(
      fc.property(envelope, frigateId, (extra, id) => {
        const after = {
          id,
          camera: 'front_door',
          label: 'person',
          start_time: 1_717_175_000.5,
          end_time: null,
        };
        const result = parseEventMessage(JSON.stringify({ ...extra, type: 'new', after }));
        expect(result.ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects traversal and non-ASCII camera names', () => {
    fc.assert(
      fc.property(frigateId, hostileString, (id, camera) => {
        fc.pre(!CAMERA_NAME_PATTERN.test(camera) || camera.length > MAX_CAMERA_NAME_LENGTH);
        const after = { id, camera, label: 'person', start_time: 1_717_175_000.5, end_time: null };
        const result = parseEventMessage(JSON.stringify({ type: 'new', before: after, after }));
        expect(result).toEqual({ ok: false, reason: 'invalid_camera' });
      }),
      { numRuns: 200 },
    );
  });
});
