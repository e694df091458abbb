/**
 * The Home Assistant Supervisor's rules for an add-on's `schema` and the options users save.
 * They are written from the Supervisor's add-on configuration documentation (2026). Types are
 * `str`, `str(min,max)`, `bool`, `int`, `int(min,max)`, `float`, `float(min,max)`, `email`,
 * `url`, `password`, `port`, `match(REGEX)`, `list(a|b|c)` and `device`. A trailing `?` marks
 * an optional value, lists and dictionaries nest at most two levels, and unknown keys fail.
 */

export interface SchemaType {
  base:
    | 'str'
    | 'password'
    | 'bool'
    | 'int'
    | 'float'
    | 'email'
    | 'url'
    | 'port'
    | 'match'
    | 'list'
    | 'device';
  optional: boolean;
  min?: number;
  max?: number;
  /** Choices of `list(a|b|c)`. */
  values?: string[];
  /** Pattern of `match(REGEX)`. */
  pattern?: string;
}

const TYPE =
  /^(?<base>str|password|int|float|bool|email|url|port|device|match|list)(?:\((?<argument>.*)\))?(?<optional>\?)?$/;
const RANGE = /^(?<min>-?[\d.]+)?,(?<max>-?[\d.]+)?$/;

/** Parse one schema type string; throws for a type the Supervisor does not know. */
export function parseSchemaType(type: string): SchemaType {
  const match = TYPE.exec(type);
  if (match?.groups === undefined) throw new Error(`unknown schema type ${JSON.stringify(type)}`);
  const base = match.groups.base as SchemaType['base'];
  const argument = match.groups.argument;
  const result: SchemaType = { base, optional: match.groups.optional === '?' };
  if (argument === undefined) {
    if (base === 'match' || base === 'list')
      throw new Error(`${base} needs an argument in ${JSON.stringify(type)}`);
    return result;
  }
  if (base === 'list') {
    result.values = argument.split('|');
    if (result.values.some((value) => value === ''))
      throw new Error(`empty choice in ${JSON.stringify(type)}`);
  } else if (base === 'match') {
    new RegExp(argument);
    result.pattern = argument;
  } else if (base === 'str' || base === 'password' || base === 'int' || base === 'float') {
    const range = RANGE.exec(argument);
    if (range?.groups === undefined) throw new Error(`invalid range in ${JSON.stringify(type)}`);
    if (range.groups.min !== undefined) result.min = Number(range.groups.min);
    if (range.groups.max !== undefined) result.max = Number(range.groups.max);
  } else if (base === 'device') {
    if (!/^subsystem=[a-z]+$/.test(argument))
      throw new Error(`invalid device filter in ${JSON.stringify(type)}`);
  } else {
    throw new Error(`${base} takes no argument in ${JSON.stringify(type)}`);
  }
  return result;
}

/** Problems of one value against one schema type; empty when the Supervisor accepts it. */
export function valueProblems(type: SchemaType, value: unknown, path: string): string[] {
  const fail = (reason: string) => [`${path} ${reason} (got ${JSON.stringify(value)})`];
  switch (type.base) {
    case 'bool':
      return typeof value === 'boolean' ? [] : fail('is not a boolean');
    case 'int':
    case 'float':
    case 'port': {
      if (typeof value !== 'number' || (type.base !== 'float' && !Number.isInteger(value)))
        return fail(`is not a ${type.base}`);
      const min = type.base === 'port' ? 1 : type.min;
      const max = type.base === 'port' ? 65535 : type.max;
      if (min !== undefined && value < min) return fail(`is below ${min}`);
      if (max !== undefined && value > max) return fail(`is above ${max}`);
      return [];
    }
    case 'str':
    case 'password': {
      if (typeof value !== 'string') return fail('is not a string');
      if (type.min !== undefined && value.length < type.min)
        return fail(`is shorter than ${type.min}`);
      if (type.max !== undefined && value.length > type.max)
        return fail(`is longer than ${type.max}`);
      return [];
    }
    case 'email':
      return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)
        ? []
        : fail('is not an email address');
    case 'url':
      return typeof value === 'string' &&
        /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+/i.test(value) &&
        URL.canParse(value)
        ? []
        : fail('is not a URL');
    case 'match':
      return typeof value === 'string' && new RegExp(`^(?:${type.pattern})$`).test(value)
        ? []
        : fail(`does not match ${type.pattern}`);
    case 'list':
      return typeof value === 'string' && (type.values ?? []).includes(value)
        ? []
        : fail(`is not one of ${(type.values ?? []).join(', ')}`);
    case 'device':
      return typeof value === 'string' && value.startsWith('/dev/')
        ? []
        : fail('is not a device path');
  }
}

/** Problems of the schema itself: unknown types and nesting deeper than two levels. */
export function schemaProblems(schema: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, path: string, depth: number): void => {
    if (typeof node === 'string') {
      try {
        parseSchemaType(node);
      } catch (error) {
        problems.push(`${path}: ${(error as Error).message}`);
      }
      return;
    }
    if (depth >= 2) {
      problems.push(`${path}: nested deeper than two levels`);
      return;
    }
    if (Array.isArray(node)) {
      if (node.length !== 1) problems.push(`${path}: a list schema has exactly one element`);
      visit(node[0], `${path}[]`, depth + 1);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`, depth + 1);
    } else {
      problems.push(`${path}: not a type, a list or a dictionary`);
    }
  };
  for (const [key, node] of Object.entries(schema)) visit(node, key, 0);
  return problems;
}

/**
 * Problems of saved options against the schema, as the Supervisor checks them before it
 * writes /data/options.json: unknown keys, missing required values, wrong types.
 */
export function optionsProblems(
  schema: Record<string, unknown>,
  options: Record<string, unknown>,
): string[] {
  return dictionaryProblems(schema, options, '');
}

function dictionaryProblems(
  nodes: Record<string, unknown>,
  values: Record<string, unknown>,
  path: string,
): string[] {
  const prefix = path === '' ? '' : `${path}.`;
  const problems: string[] = [];
  for (const key of Object.keys(values)) {
    if (!(key in nodes)) problems.push(`${prefix}${key} is not an option of the schema`);
  }
  for (const [key, node] of Object.entries(nodes)) {
    const optional = typeof node === 'string' && node.endsWith('?');
    if (values[key] === undefined || values[key] === null) {
      if (!optional) problems.push(`${prefix}${key} is required`);
      continue;
    }
    problems.push(...nodeProblems(node, values[key], `${prefix}${key}`));
  }
  return problems;
}

function nodeProblems(node: unknown, value: unknown, path: string): string[] {
  if (typeof node === 'string') return valueProblems(parseSchemaType(node), value, path);
  if (Array.isArray(node)) {
    if (!Array.isArray(value)) return [`${path} is not a list`];
    return value.flatMap((item, index) => nodeProblems(node[0], item, `${path}[${index}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path} is not a dictionary`];
  return dictionaryProblems(
    node as Record<string, unknown>,
    value as Record<string, unknown>,
    path,
  );
}
