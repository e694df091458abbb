/**
 * Helpers for forms generated from a plugin's JSON Schema (the subset plugin manifests use:
 * object, string, integer, number, boolean, enum, arrays of strings, `["<type>", "null"]`,
 * `default`, `minimum`/`maximum`, `minLength`/`maxLength`, `pattern`, `required`).
 */

export type JsonSchema = Record<string, unknown>;
export type ConfigObject = Record<string, unknown>;

export type FieldKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'object'
  | 'string-list'
  | 'enum-list'
  | 'unsupported';

/** The value the API sends instead of a stored secret. */
export const SECRET_MASK = '********';

/** Root of every field path, as in the API's problem `field` (`config.retention_days`). */
export const ROOT_PATH = 'config';

function asSchema(value: unknown): JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : {};
}

export function isRecord(value: unknown): value is ConfigObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema's types without `null`, and whether `null` is allowed. */
export function schemaTypes(schema: JsonSchema): { types: string[]; nullable: boolean } {
  const raw = schema['type'];
  const list = Array.isArray(raw)
    ? raw.filter((entry): entry is string => typeof entry === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
  return { types: list.filter((entry) => entry !== 'null'), nullable: list.includes('null') };
}

export function fieldKind(schema: JsonSchema): FieldKind {
  const { types } = schemaTypes(schema);
  const type = types[0] ?? (schema['properties'] !== undefined ? 'object' : undefined);
  if (Array.isArray(schema['enum']) && type !== 'array') return 'enum';
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'array': {
      const items = asSchema(schema['items']);
      if (Array.isArray(items['enum'])) return 'enum-list';
      return schemaTypes(items).types[0] === 'string' ? 'string-list' : 'unsupported';
    }
    default:
      return 'unsupported';
  }
}

export function properties(schema: JsonSchema): [string, JsonSchema][] {
  return Object.entries(asSchema(schema['properties'])).map(([key, value]) => [
    key,
    asSchema(value),
  ]);
}

export function requiredKeys(schema: JsonSchema): string[] {
  const required = schema['required'];
  return Array.isArray(required)
    ? required.filter((key): key is string => typeof key === 'string')
    : [];
}

export function enumValues(schema: JsonSchema): unknown[] {
  const values = schema['enum'];
  if (Array.isArray(values)) return values;
  const items = asSchema(schema['items']);
  return Array.isArray(items['enum']) ? items['enum'] : [];
}

/** `retention_days` → `Retention days`, unless the schema has a `title`. */
export function fieldLabel(key: string, schema: JsonSchema): string {
  const title = schema['title'];
  if (typeof title === 'string' && title !== '') return title;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Fills every missing value from `default`, recursing into objects, without changing `value`. */
export function withDefaults(schema: JsonSchema, value: unknown): unknown {
  if (fieldKind(schema) === 'object') {
    const base = isRecord(value) ? value : isRecord(schema['default']) ? schema['default'] : {};
    const result: ConfigObject = { ...base };
    for (const [key, child] of properties(schema)) {
      const filled = withDefaults(child, result[key]);
      if (filled !== undefined) result[key] = filled;
    }
    return result;
  }
  if (value !== undefined) return value;
  return schema['default'] === undefined ? undefined : structuredClone(schema['default']);
}

/** Whether a property holds a secret: listed by the plugin, `writeOnly`, `format: password`, or named like one. */
export function isSecretField(
  key: string,
  schema: JsonSchema,
  secretKeys: readonly string[],
): boolean {
  if (secretKeys.includes(key)) return true;
  if (schema['writeOnly'] === true || schema['format'] === 'password') return true;
  return /(^|_)(pass|password|passphrase|secret|token|api_key|private_key)$/i.test(key);
}

export function childPath(path: string, key: string): string {
  return `${path}.${key}`;
}

/** Maps a problem `field` (`config.include.clips`, `body/config/path`, `/path`) to a form path. */
export function normalizeProblemPath(field: string): string {
  let path = field
    .replace(/^body[/.]/, '')
    .replace(/^\//, '')
    .replace(/\//g, '.');
  if (path !== ROOT_PATH && !path.startsWith(`${ROOT_PATH}.`))
    path = path === '' ? ROOT_PATH : `${ROOT_PATH}.${path}`;
  return path;
}

export function readPath(value: unknown, path: string): unknown {
  const keys = path.split('.').slice(1);
  let current: unknown = value;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Returns a copy of `root` with the value at `path` replaced; `undefined` removes the key. */
export function writePath(root: ConfigObject, path: string, next: unknown): ConfigObject {
  const keys = path.split('.').slice(1);
  if (keys.length === 0) return isRecord(next) ? next : root;
  const copy: ConfigObject = { ...root };
  let target = copy;
  for (const key of keys.slice(0, -1)) {
    const child = isRecord(target[key]) ? { ...(target[key] as ConfigObject) } : {};
    target[key] = child;
    target = child;
  }
  const last = keys[keys.length - 1] as string;
  if (next === undefined) delete target[last];
  else target[last] = next;
  return copy;
}

/** Paths of secret fields whose stored value the API sent masked. */
export function maskedSecretPaths(
  schema: JsonSchema,
  config: unknown,
  secretKeys: readonly string[],
  path = ROOT_PATH,
): string[] {
  const found: string[] = [];
  for (const [key, child] of properties(schema)) {
    const childValue = isRecord(config) ? config[key] : undefined;
    const nextPath = childPath(path, key);
    if (fieldKind(child) === 'object')
      found.push(...maskedSecretPaths(child, childValue, secretKeys, nextPath));
    else if (isSecretField(key, child, secretKeys) && childValue === SECRET_MASK)
      found.push(nextPath);
  }
  return found;
}
