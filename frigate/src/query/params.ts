/** One entry of FastAPI's 422 `detail` list. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** Raised while reading request input; the server turns it into FastAPI's 422 body. */
export class ValidationFailure extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.loc.join('.')}: ${issue.msg}`).join('; '));
  }
}

/**
 * Typed reads of query parameters with pydantic's rules: the last value of a repeated key
 * wins, and a value that does not parse is a 422, not a silent default.
 */
export class QueryReader {
  private readonly issues: ValidationIssue[] = [];

  constructor(private readonly query: URLSearchParams) {}

  private raw(name: string): string | undefined {
    const values = this.query.getAll(name);
    return values.length === 0 ? undefined : values[values.length - 1];
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    this.issues.push({
      type: 'int_parsing',
      loc: ['query', name],
      msg: 'Input should be a valid integer, unable to parse string as an integer',
      input: value,
    });
    return fallback;
  }

  float(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
    if (/^[+-]?(inf|infinity)$/i.test(trimmed))
      return trimmed.startsWith('-') ? -Infinity : Infinity;
    this.issues.push({
      type: 'float_parsing',
      loc: ['query', name],
      msg: 'Input should be a valid number, unable to parse string as a number',
      input: value,
    });
    return undefined;
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const listed = allowed.map((option) => `'${option}'`);
    const expected =
      listed.length > 1
        ? `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}`
        : listed[0];
    this.issues.push({
      type: 'enum',
      loc: ['query', name],
      msg: `Input should be ${expected}`,
      input: value,
    });
    return undefined;
  }

  /** Throw the collected problems, if any. Call once after every read. */
  finish(): void {
    if (this.issues.length > 0) throw new ValidationFailure(this.issues);
  }
}

/** Python's `urllib.parse.unquote`: decode `%XX` runs as UTF-8 and leave broken escapes alone. */
export function pythonUnquote(value: string): string {
  return value.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8');
    }
  });
}
