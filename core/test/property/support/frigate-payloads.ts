import fc from 'fast-check';
import { hostileString, hostileValue } from './hostile';

/** A plausible Frigate event id: `<epoch seconds>-<six characters>`. */
export const frigateId: fc.Arbitrary<string> = fc
  .tuple(
    fc.double({ min: 1_600_000_000, max: 1_900_000_000, noNaN: true }),
    fc.stringMatching(/^[a-z0-9]{6}$/),
  )
  .map(([epoch, suffix]) => `${epoch.toFixed(6)}-${suffix}`);

/** Mostly `valid`, one time in five hostile, so that parsing gets past the first checks. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
}

const cameraName = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), hostileString);
const epoch = fc.oneof(
  { arbitrary: fc.double({ min: 1_600_000_000, max: 1_900_000_000, noNaN: true }), weight: 4 },
  { arbitrary: fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300), weight: 1 },
  { arbitrary: hostileValue, weight: 1 },
);

/** The object dict of a Frigate event, each field valid, missing or hostile. */
export const frigateObject: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    id: mostly(frigateId),
    camera: mostly(cameraName),
    label: mostly(fc.oneof(fc.constantFrom('person', 'car', 'dog'), hostileString)),
    sub_label: fc.oneof(
      fc.constant(null),
      hostileString,
      fc.tuple(hostileString, hostileValue),
      hostileValue,
    ),
    start_time: epoch,
    end_time: fc.oneof(fc.constant(null), epoch),
    frame_time: epoch,
    score: hostileValue,
    top_score: hostileValue,
    has_clip: hostileValue,
    has_snapshot: hostileValue,
    entered_zones: fc.oneof(fc.array(hostileString, { maxLength: 5 }), hostileValue),
    zones: fc.oneof(fc.array(hostileString, { maxLength: 5 }), hostileValue),
    snapshot: fc.oneof(fc.record({ score: hostileValue, box: hostileValue }), hostileValue),
    max_severity: mostly(fc.constantFrom('alert', 'detection')),
    severity: mostly(fc.constantFrom('alert', 'detection')),
    data: fc.oneof(
      fc.dictionary(
        fc.constantFrom(
          'detections',
          'objects',
          'zones',
          'sub_labels',
          'audio',
          'score',
          'top_score',
        ),
        hostileValue,
      ),
      hostileValue,
    ),
    thumb_path: hostileValue,
    box: hostileValue,
    region: hostileValue,
  },
  { requiredKeys: [] },
);

/** An object dict that has the required fields more often than not. */
const likelyObject = fc.tuple(frigateObject, fc.boolean()).map(([object, complete]) =>
  complete
    ? {
        id: '1717175000.5-abc123',
        camera: 'front_door',
        label: 'person',
        start_time: 1717175000.5,
        severity: 'alert',
        ...object,
      }
    : object,
);

/** A `<prefix>/events` or `<prefix>/reviews` envelope with a hostile type or body. */
export const envelope: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    type: mostly(fc.constantFrom('new', 'update', 'end')),
    before: mostly(frigateObject),
    after: mostly(likelyObject),
  },
  { requiredKeys: ['type', 'after'] },
);

/** MQTT payload bytes: envelopes as JSON, truncated JSON, random bytes and hostile text. */
export const mqttPayload: fc.Arbitrary<Buffer> = fc.oneof(
  { arbitrary: envelope.map((value) => Buffer.from(JSON.stringify(value) ?? 'null')), weight: 6 },
  {
    arbitrary: envelope.chain((value) => {
      const text = JSON.stringify(value) ?? 'null';
      return fc.nat({ max: text.length }).map((cut) => Buffer.from(text.slice(0, cut)));
    }),
    weight: 1,
  },
  { arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
  { arbitrary: hostileString.map((text) => Buffer.from(text)), weight: 1 },
);
