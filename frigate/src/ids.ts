import { randomInt } from 'node:crypto';

const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Round to microseconds, the precision of Frigate's `datetime.now().timestamp()`. */
export function toMicroseconds(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/**
 * Format a float the way Python's `str(float)` does. Both print the shortest text that reads
 * back to the same double, but Python keeps `.0` on whole numbers.
 */
export function formatPythonFloat(value: number): string {
  const text = String(value);
  return Number.isInteger(value) && !text.includes('e') ? `${text}.0` : text;
}

export function randomSuffix(length = 6): string {
  let suffix = '';
  for (let index = 0; index < length; index += 1)
    suffix += idAlphabet[randomInt(idAlphabet.length)];
  return suffix;
}

/** An event or review id: `<epoch float as Python prints it>-<6 chars [a-z0-9]>`. */
export function newFrigateId(epochSeconds: number): string {
  return `${formatPythonFloat(toMicroseconds(epochSeconds))}-${randomSuffix()}`;
}

export const frigateIdPattern = /^\d+(\.\d+)?-[a-z0-9]{6}$/;

/** Frigate's `REGEX_CAMERA_NAME`. */
export const cameraNamePattern = /^[a-zA-Z0-9_-]+$/;

/** Turn a file name into a valid camera name: other characters become `_`. */
export function sanitizeCameraName(fileStem: string): string {
  const cleaned = fileStem.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return cleaned === '' ? 'camera' : cleaned;
}
