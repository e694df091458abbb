import {
  MAX_LABEL_LENGTH,
  MAX_SUB_LABEL_LENGTH,
  asRecord,
  checkTimes,
  fail,
  finiteOrNull,
  isCameraName,
  isFrigateId,
  severityOrNull,
  stringSet,
  type ParseResult,
  type Severity,
} from './parse-common';
import { cleanRecord, cleanText, isStorableText } from './text-clean';

/** A Frigate event in one shape, whichever version and transport it came from. */
export interface NormalizedEvent {
  frigateEventId: string;
  camera: string;
  label: string;
  subLabel: string | null;
  subLabelScore: number | null;
  score: number | null;
  topScore: number | null;
  /** Epoch seconds, as Frigate sends them. */
  startTime: number;
  endTime: number | null;
  hasClip: boolean;
  hasSnapshot: boolean;
  zones: string[];
  severity: Severity | null;
  /** MQTT `frame_time`; null for REST items. */
  frameTime: number | null;
  data: Record<string, unknown>;
  raw: Record<string, unknown>;
}

export type EventMessageType = 'new' | 'update' | 'end';

export interface EventMessage {
  type: EventMessageType;
  event: NormalizedEvent;
}

// Keys of an MQTT object dict worth keeping in `data`; boxes there are pixels, not ratios.
const MQTT_DATA_KEYS = [
  'snapshot',
  'attributes',
  'current_attributes',
  'current_zones',
  'active',
  'stationary',
  'motionless_count',
  'position_changes',
  'false_positive',
  'area',
  'ratio',
  'current_estimated_speed',
  'average_estimated_speed',
  'velocity_angle',
  'recognized_license_plate',
  'pending_loitering',
] as const;

/** Parse a `<prefix>/events` payload: `{type, before, after}` with `after` the current state. */
export function parseEventMessage(payload: Buffer | string): ParseResult<EventMessage> {
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
  const after = asRecord(envelope.after);
  if (after === null) return fail('missing_after');
  const event = parseMqttEvent(after);
  if (!event.ok) return event;
  return { ok: true, value: { type, event: event.value } };
}

/** Parse the object dict of an MQTT event (`after`). */
export function parseMqttEvent(object: Record<string, unknown>): ParseResult<NormalizedEvent> {
  const base = parseRequired(object);
  if (!base.ok) return base;
  const snapshot = asRecord(object.snapshot);
  const subLabel = mqttSubLabel(object.sub_label);
  const data: Record<string, unknown> = {};
  for (const key of MQTT_DATA_KEYS) if (object[key] !== undefined) data[key] = object[key];
  if (object.box !== undefined) data.box_px = object.box;
  if (object.region !== undefined) data.region_px = object.region;
  return {
    ok: true,
    value: {
      ...base.value,
      subLabel: subLabel.name,
      subLabelScore: subLabel.score,
      score: finiteOrNull(snapshot?.score) ?? finiteOrNull(object.score),
      topScore: finiteOrNull(object.top_score),
      hasClip: object.has_clip === true,
      hasSnapshot: object.has_snapshot === true,
      zones: stringSet(object.entered_zones),
      severity: severityOrNull(object.max_severity),
      frameTime: finiteOrNull(object.frame_time),
      data: cleanRecord(data),
      raw: cleanRecord(object),
    },
  };
}

/** Parse an item of `GET /api/events` or the response of `GET /api/events/<id>`. */
export function parseRestEvent(value: unknown): ParseResult<NormalizedEvent> {
  const object = asRecord(value);
  if (object === null) return fail('not_an_object');
  const base = parseRequired(object);
  if (!base.ok) return base;
  const data = asRecord(object.data) ?? {};
  const subLabel = subLabelOrNull(object.sub_label);
  // Events created before 0.12 carry scores at the top level and lack data.top_score.
  const raw: Record<string, unknown> = { ...object };
  delete raw.thumbnail;
  return {
    ok: true,
    value: {
      ...base.value,
      subLabel,
      subLabelScore: subLabel === null ? null : finiteOrNull(data.sub_label_score),
      score: finiteOrNull(data.score) ?? finiteOrNull(object.score),
      topScore: finiteOrNull(data.top_score) ?? finiteOrNull(object.top_score),
      hasClip: object.has_clip === true,
      hasSnapshot: object.has_snapshot === true,
      zones: stringSet(object.zones),
      severity: severityOrNull(data.max_severity),
      frameTime: null,
      data: cleanRecord(data),
      raw: cleanRecord(raw),
    },
  };
}

type RequiredFields = Pick<
  NormalizedEvent,
  'frigateEventId' | 'camera' | 'label' | 'startTime' | 'endTime'
>;

function parseRequired(object: Record<string, unknown>): ParseResult<RequiredFields> {
  if (!isFrigateId(object.id)) return fail('invalid_id');
  if (!isCameraName(object.camera)) return fail('invalid_camera');
  const label = object.label;
  // A label comes from the detector's label map; NUL or a broken surrogate means a forged one.
  if (
    typeof label !== 'string' ||
    label === '' ||
    label.length > MAX_LABEL_LENGTH ||
    !isStorableText(label)
  )
    return fail('invalid_label');
  const times = checkTimes(object.start_time, object.end_time);
  if (!times.ok) return times;
  return {
    ok: true,
    value: {
      frigateEventId: object.id,
      camera: object.camera,
      label,
      startTime: times.value.start,
      endTime: times.value.end,
    },
  };
}

/**
 * MQTT `sub_label`: null, `[name, score]` (0.13+; score may be null), or a bare string
 * (0.12 and older). Other shapes are treated as no sub label.
 */
function mqttSubLabel(value: unknown): { name: string | null; score: number | null } {
  if (typeof value === 'string') return { name: subLabelOrNull(value), score: null };
  if (Array.isArray(value)) {
    const name = subLabelOrNull(value[0]);
    return { name, score: name === null ? null : finiteOrNull(value[1]) };
  }
  return { name: null, score: null };
}

/** A sub label cleaned for the database and cut to its length; null when nothing is left. */
function subLabelOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // Cut before cleaning could split a surrogate pair, so clean the cut text.
  const name = cleanText(value.slice(0, MAX_SUB_LABEL_LENGTH));
  return name === '' ? null : name;
}
