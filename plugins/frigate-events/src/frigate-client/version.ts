/** A Frigate release as `GET /api/version` reports it. */
export interface FrigateVersion {
  /** The whole response text, e.g. `0.16.4-a1b2c3d` or `0.17.0-beta1-...`. */
  raw: string;
  major: number;
  minor: number;
  patch: number;
}

/**
 * Parse `GET /api/version`: the leading `major.minor.patch` counts, the rest (git hash,
 * beta tag) is kept only in `raw`. Returns null when the text does not start with a version.
 */
export function parseFrigateVersion(text: string): FrigateVersion | null {
  const raw = text.trim().replace(/^"|"$/g, '');
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(raw);
  if (match === null) return null;
  return {
    raw,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
  };
}

/** Check whether `version` is at least `major.minor`. */
export function versionAtLeast(
  version: FrigateVersion | null,
  major: number,
  minor: number,
): boolean {
  if (version === null) return false;
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * Frigate's config schema version (`version` at the top of `/api/config`): a string such as
 * `"0.16-0"`, a YAML number such as `0.14`, or absent before 0.14.
 */
export function normalizeConfigVersion(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
