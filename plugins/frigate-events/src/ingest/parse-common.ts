import { cleanText } from './text-clean';

/** Outcome of parsing one Frigate object: the value, or why it was rejected. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: MalformedReason };

/** Stable reasons, used as counter keys and in logs. */
export type MalformedReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'unknown_type'
  | 'missing_after'
  | 'invalid_id'
  | 'invalid_camera'
  | 'invalid_label'
  | 'invalid_start_time'
  | 'invalid_end_time'
  | 'end_before_start'
  | 'invalid_severity'
  | 'database_rejected';

/**
 * Frigate ids are `<epoch as Python prints it>-<random [a-z0-9]>`, six random characters
 * in 0.16; the length of the random part is not checked so manual events of other versions pass.
 */
export const FRIGATE_ID_PATTERN = /^\d+(\.\d+)?-[a-z0-9]+$/;
export const MAX_ID_LENGTH = 64;
/** Frigate's own camera name rule (`REGEX_CAMERA_NAME`, 0.13+). */
export const CAMERA_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
export const MAX_CAMERA_NAME_LENGTH = 64;
export const MAX_LABEL_LENGTH = 100;
export const MAX_SUB_LABEL_LENGTH = 200;

export type Severity = 'alert' | 'detection';

export function fail<T>(reason: MalformedReason): ParseResult<T> {
  return { ok: false, reason };
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function isFrigateId(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= MAX_ID_LENGTH && FRIGATE_ID_PATTERN.test(value)
  );
}

export function isCameraName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_CAMERA_NAME_LENGTH &&
    CAMERA_NAME_PATTERN.test(value)
  );
}

export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Times from 2100-01-01 on are rejected: no camera records them, and `to_timestamp` of a
 * value such as 1e300 fails in PostgreSQL, which would take the rest of its batch down.
 */
export const MAX_EPOCH_SECONDS = 4_102_444_800;

export function isEpoch(value: unknown): value is number {
  return (
    typeof value === 'number' && Number.isFinite(value) && value > 0 && value < MAX_EPOCH_SECONDS
  );
}

/** Distinct strings of an array, cleaned with `cleanText`, sorted; anything else gives []. */
export function stringSet(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const strings = value
    .filter((item): item is string => typeof item === 'string')
    .map(cleanText)
    .filter((item) => item !== '');
  return [...new Set(strings)].sort();
}

export function severityOrNull(value: unknown): Severity | null {
  return value === 'alert' || value === 'detection' ? value : null;
}

/**
 * Check start and end: a number start (a string such as "1717176000.0" is rejected), and an
 * end that is null or not before the start.
 */
export function checkTimes(
  start: unknown,
  end: unknown,
): ParseResult<{ start: number; end: number | null }> {
  if (!isEpoch(start)) return fail('invalid_start_time');
  if (end === null || end === undefined) return { ok: true, value: { start, end: null } };
  if (!isEpoch(end)) return fail('invalid_end_time');
  if (end < start) return fail('end_before_start');
  return { ok: true, value: { start, end } };
}
