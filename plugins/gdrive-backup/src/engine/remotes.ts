import { BackupOptionError, RcloneUnknownRemoteError } from './errors';
import { runRclone } from './rclone';
import type { RcloneSettings } from './rclone-env';

/** rclone remote names: letters, digits, `_`, `-`, `.`, `+`, `@` and inner spaces. */
const REMOTE_NAME = /^[\w.+@-][\w.+@ -]*$/;

/** Returns the remote name without a trailing colon; throws BackupOptionError when invalid. */
export function normalizeRemoteName(remote: string): string {
  const name = remote.endsWith(':') ? remote.slice(0, -1) : remote;
  if (!REMOTE_NAME.test(name) || name.endsWith(' ')) {
    throw new BackupOptionError(
      'remote',
      `The rclone remote name "${remote}" is invalid.`,
      'Use the name of a remote defined in the rclone config or environment, such as "gdrive-crypt".',
    );
  }
  return name;
}

/** Checks a path inside the remote: relative, `/` separated, no `.` or `..` segments. */
export function normalizeRemotePath(path: string, field = 'path'): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  const segments = trimmed === '' ? [] : trimmed.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new BackupOptionError(
      field,
      `The remote path "${path}" is invalid.`,
      'Use a relative path such as "centinela/home".',
    );
  }
  return segments.join('/');
}

/** Builds `remote:path/segment/...` for rclone arguments. */
export function remoteSpec(remote: string, ...segments: string[]): string {
  const path = segments.filter((segment) => segment !== '').join('/');
  return `${normalizeRemoteName(remote)}:${path}`;
}

/**
 * Builds the environment variables that define a remote without a config file:
 * `RCLONE_CONFIG_<NAME>_TYPE` and `RCLONE_CONFIG_<NAME>_<OPTION>`, upper case. Password
 * options must already be obscured (see obscurePassword).
 */
export function remoteEnv(
  name: string,
  type: string,
  options: Record<string, string> = {},
): Record<string, string> {
  const prefix = `RCLONE_CONFIG_${normalizeRemoteName(name).toUpperCase()}_`;
  const env: Record<string, string> = { [`${prefix}TYPE`]: type };
  for (const [option, value] of Object.entries(options))
    env[`${prefix}${option.toUpperCase()}`] = value;
  return env;
}

/** Lists the remotes defined in the rclone config file and environment, as name → backend type. */
export async function listRemotes(settings: RcloneSettings = {}): Promise<Map<string, string>> {
  const result = await runRclone(['listremotes', '--long'], settings, { dataCommand: false });
  const remotes = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const match = /^(.+?):\s+(\S+)\s*$/.exec(line);
    if (match) remotes.set(match[1]!, match[2]!);
  }
  return remotes;
}

/**
 * Returns the backend type of a remote (`crypt`, `drive`, `local`, ...).
 * Throws RcloneUnknownRemoteError when rclone does not know the remote.
 */
export async function getRemoteType(
  remote: string,
  settings: RcloneSettings = {},
): Promise<string> {
  const name = normalizeRemoteName(remote);
  const remotes = await listRemotes(settings);
  const exact = remotes.get(name);
  if (exact !== undefined) return exact;
  // rclone 1.60 lists a dashed env-defined remote with changed case ("My-standin" for
  // RCLONE_CONFIG_MY-STANDIN_TYPE) although "my-standin:" works, so compare case-insensitively.
  for (const [listed, type] of remotes) {
    if (listed.toLowerCase() === name.toLowerCase()) return type;
  }
  throw new RcloneUnknownRemoteError(name);
}

/**
 * Returns the rclone-obscured form of a password, as remote options in the config file or in
 * RCLONE_CONFIG_<NAME>_PASSWORD expect. The password goes through stdin, never argv.
 * Obscuring is reversible (`rclone reveal`): treat the result as a secret.
 */
export async function obscurePassword(
  plain: string,
  settings: RcloneSettings = {},
): Promise<string> {
  const result = await runRclone(
    ['obscure', '-'],
    { ...settings, secrets: [...(settings.secrets ?? []), plain] },
    {
      dataCommand: false,
      input: `${plain}\n`,
    },
  );
  return result.stdout.trim();
}
