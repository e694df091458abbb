import { createHash } from 'node:crypto';

export interface VersionInfo {
  /** `major.minor.patch` as given, for example `0.16.4`. */
  release: string;
  major: number;
  minor: number;
  patch: number;
  /** `GET /api/version`: the release, a dash and a short git hash. */
  text: string;
}

/** Parse a Frigate release such as `0.16.4` or `0.17.0-beta1`. */
export function parseVersion(release: string): VersionInfo {
  const match = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(release);
  if (match === null)
    throw new Error(
      `invalid Frigate version "${release}": expected major.minor.patch such as 0.16.4`,
    );
  const hash = createHash('sha1').update(release).digest('hex').slice(0, 7);
  return {
    release,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    text: `${release}-${hash}`,
  };
}

/** The config schema version Frigate's migrator writes for a release: `"0.16-0"`, `0.14`, or none. */
export function defaultConfigVersion(version: VersionInfo): string | number | null {
  if (version.major === 0 && version.minor < 14) return null;
  if (version.major === 0 && version.minor === 14) return 0.14;
  return `${version.major}.${version.minor}-${version.minor === 15 ? 1 : 0}`;
}
