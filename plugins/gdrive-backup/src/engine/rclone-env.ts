import { Redactor } from './redact';

/**
 * Path given as RCLONE_CONFIG when no config file is set. It never exists, so rclone reads
 * no user config and uses only remotes defined through RCLONE_CONFIG_<NAME>_* variables.
 */
export const NO_CONFIG_FILE = '/nonexistent/centinela/rclone.conf';

/** How to start rclone; shared by every engine function. */
export interface RcloneSettings {
  /** rclone executable, a name on PATH or a full path (the RCLONE_BINARY setting). Default `rclone`. */
  binary?: string;
  /** rclone config file. Default: none, so only environment-defined remotes exist. */
  configPath?: string;
  /** Password of an encrypted config file, passed as RCLONE_CONFIG_PASS. */
  configPass?: string;
  /** Extra environment, for example RCLONE_CONFIG_<NAME>_TYPE and the remote's options. */
  env?: Record<string, string>;
  /**
   * Whether rclone inherits this process's environment (PATH, HOME, TZ, and any
   * RCLONE_CONFIG_* remotes or RCLONE_CONFIG_PASS set for the container). Default true.
   */
  inheritEnv?: boolean;
  /** Bandwidth limit passed as `--bwlimit`, for example `8M` or `08:00,512k 23:00,off`. */
  bwlimit?: string;
  /** Further rclone flags appended to every command, for example `['--transfers', '2']`. */
  extraFlags?: string[];
  /** Log level of rclone itself: INFO logs one line per copied file. Default INFO. */
  logLevel?: 'ERROR' | 'NOTICE' | 'INFO' | 'DEBUG';
  /** Additional values to remove from every log line and error message. */
  secrets?: string[];
}

const BASE_ENV_NAMES = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'USER'];

/** Builds the child environment; RCLONE_CONFIG always points at the configured file or none. */
export function buildRcloneEnv(settings: RcloneSettings): Record<string, string> {
  const env: Record<string, string> = {};
  const inherited = settings.inheritEnv === false ? pick(process.env, BASE_ENV_NAMES) : process.env;
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined) env[name] = value;
  }

  env.RCLONE_CONFIG = settings.configPath ?? NO_CONFIG_FILE;
  if (settings.configPass !== undefined) env.RCLONE_CONFIG_PASS = settings.configPass;
  Object.assign(env, settings.env ?? {});
  return env;
}

/** Collects every secret rclone could echo: config pass, env remote options, config file values. */
export function buildRedactor(settings: RcloneSettings, env: Record<string, string>): Redactor {
  const redactor = new Redactor();
  redactor.addFromEnv(env);
  redactor.add(settings.configPass);
  if (settings.configPath) redactor.addFromConfigFile(settings.configPath);
  for (const secret of settings.secrets ?? []) redactor.add(secret);
  return redactor;
}

function pick(source: NodeJS.ProcessEnv, names: string[]): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const name of names) result[name] = source[name];
  return result;
}
