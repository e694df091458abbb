// Small readers for docker-compose.yml: variable interpolation, published ports and bind
// mounts, following the Compose specification's short and long syntaxes.
import { isRecord } from './helpers';

export type ComposeFile = {
  services: Record<string, Record<string, unknown>>;
  networks?: Record<string, Record<string, unknown> | null>;
  volumes?: Record<string, unknown>;
};

const VARIABLE =
  /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Names of the variables a string interpolates. `$$` is a literal dollar sign. */
export function variablesIn(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(VARIABLE)) {
    const name = match[1] ?? match[4];
    if (name !== undefined) names.push(name);
  }
  return names;
}

/**
 * Replace `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?error}` and `$NAME` the
 * way Compose does. A required variable that is missing throws, as `docker compose` would.
 */
export function interpolate(text: string, env: Map<string, string>): string {
  return text.replace(
    VARIABLE,
    (whole, braced?: string, operator?: string, argument?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare) as string;
      const value = env.get(name);
      const emptyCounts = operator?.startsWith(':') ?? false;
      const missing = value === undefined || (emptyCounts && value === '');
      if (!missing) return value;
      if (operator?.endsWith('?')) throw new Error(`required variable ${name}: ${argument ?? ''}`);
      if (operator?.endsWith('-')) return argument ?? '';
      return '';
    },
  );
}

/** Apply `interpolate` to every string of a parsed YAML value. */
export function interpolateDeep(value: unknown, env: Map<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, env));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, env)]),
    );
  }
  return value;
}

/** Collect every string in a parsed YAML value, with its path. */
export function stringsIn(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value))
    return value.flatMap((item, index) => stringsIn(item, `${path}[${index}]`));
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${path}.${key}`));
  }
  return [];
}

export interface PublishedPort {
  hostIp: string | undefined;
  published: string | undefined;
  target: string;
  protocol: string;
}

/** Parse one entry of a service's `ports`, short ("[ip:][published:]target[/proto]") or long. */
export function parsePort(entry: unknown): PublishedPort {
  if (isRecord(entry)) {
    return {
      hostIp: entry.host_ip === undefined ? undefined : String(entry.host_ip),
      published: entry.published === undefined ? undefined : String(entry.published),
      target: String(entry.target),
      protocol: entry.protocol === undefined ? 'tcp' : String(entry.protocol),
    };
  }
  const [address, protocol = 'tcp'] = String(entry).split('/');
  const parts = (address as string).split(':');
  const target = parts.pop() as string;
  const published = parts.pop();
  return { hostIp: parts.length > 0 ? parts.join(':') : undefined, published, target, protocol };
}

/** Check whether a published or target port range such as "5000-5010" includes the port. */
export function includesPort(range: string | undefined, port: number): boolean {
  if (range === undefined) return false;
  const [low, high = low] = range.split('-').map(Number);
  return port >= (low as number) && port <= (high as number);
}

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** List the bind mounts of a service, leaving out tmpfs and named volumes. */
export function bindMounts(service: Record<string, unknown>): BindMount[] {
  const mounts: BindMount[] = [];
  for (const entry of (service.volumes as unknown[] | undefined) ?? []) {
    if (isRecord(entry)) {
      if (entry.type !== 'bind') continue;
      mounts.push({
        source: String(entry.source),
        target: String(entry.target),
        readOnly: entry.read_only === true,
      });
      continue;
    }
    const [source, target, mode = 'rw'] = String(entry).split(':');
    if (source === undefined || target === undefined) continue;
    if (!source.startsWith('.') && !source.startsWith('/')) continue;
    mounts.push({ source, target, readOnly: mode.split(',').includes('ro') });
  }
  return mounts;
}
