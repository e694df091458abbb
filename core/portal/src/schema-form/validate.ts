import {
  childPath,
  enumValues,
  fieldKind,
  isRecord,
  properties,
  requiredKeys,
  ROOT_PATH,
  schemaTypes,
  type JsonSchema,
} from './schema';

/** A client-side problem: the message key and its values, translated by the form. */
export interface LocalProblem {
  key:
    | 'required'
    | 'integer'
    | 'number'
    | 'minimum'
    | 'maximum'
    | 'min_length'
    | 'max_length'
    | 'pattern'
    | 'enum';
  values?: Record<string, string | number>;
}

/**
 * Checks a value against the schema the way the server will, so that most mistakes are shown
 * before sending. The server validates again, and its response is shown at the field too.
 * `skip` holds paths not to check (secrets that keep their stored value).
 */
export function validateConfig(
  schema: JsonSchema,
  value: unknown,
  skip: ReadonlySet<string> = new Set(),
): Map<string, LocalProblem> {
  const problems = new Map<string, LocalProblem>();
  validateObject(schema, value, ROOT_PATH, problems, skip);
  return problems;
}

function validateObject(
  schema: JsonSchema,
  value: unknown,
  path: string,
  problems: Map<string, LocalProblem>,
  skip: ReadonlySet<string>,
): void {
  const object = isRecord(value) ? value : {};
  const required = requiredKeys(schema);
  for (const [key, child] of properties(schema)) {
    const childValue = object[key];
    const nextPath = childPath(path, key);
    if (skip.has(nextPath)) continue;
    if (childValue === undefined || (childValue === '' && required.includes(key))) {
      if (required.includes(key)) problems.set(nextPath, { key: 'required' });
      continue;
    }
    // An emptied text field is sent as "", which the server checks against the pattern and
    // minimum length like any other string, so it is checked here too.
    if (fieldKind(child) === 'object') {
      validateObject(child, childValue, nextPath, problems, skip);
      continue;
    }
    const problem = validateScalar(child, childValue);
    if (problem !== undefined) problems.set(nextPath, problem);
  }
}

function validateScalar(schema: JsonSchema, value: unknown): LocalProblem | undefined {
  if (value === null) return schemaTypes(schema).nullable ? undefined : { key: 'required' };
  const kind = fieldKind(schema);
  if (kind === 'integer' || kind === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value)) return { key: 'number' };
    if (kind === 'integer' && !Number.isInteger(value)) return { key: 'integer' };
    const minimum = schema['minimum'];
    const maximum = schema['maximum'];
    if (typeof minimum === 'number' && value < minimum)
      return { key: 'minimum', values: { min: minimum } };
    if (typeof maximum === 'number' && value > maximum)
      return { key: 'maximum', values: { max: maximum } };
    return undefined;
  }
  if (kind === 'enum') return enumValues(schema).includes(value) ? undefined : { key: 'enum' };
  if (kind === 'string' && typeof value === 'string') {
    const minLength = schema['minLength'];
    const maxLength = schema['maxLength'];
    const pattern = schema['pattern'];
    if (typeof minLength === 'number' && value.length < minLength)
      return { key: 'min_length', values: { min: minLength } };
    if (typeof maxLength === 'number' && value.length > maxLength)
      return { key: 'max_length', values: { max: maxLength } };
    if (typeof pattern === 'string' && !safeTest(pattern, value))
      return { key: 'pattern', values: { pattern } };
  }
  return undefined;
}

/** Tests a value against a pattern, leaving a pattern the browser cannot compile to the server. */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}
