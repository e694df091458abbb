/**
 * Validation helpers for card configs. Messages are English because Home Assistant shows
 * the thrown message as is in its error card; each names the option, the value and the fix.
 */

export class CardConfigError extends Error {
  readonly option: string | undefined;

  constructor(card: string, message: string, option?: string) {
    super(`${card}: ${message}`);
    this.name = 'CardConfigError';
    this.option = option;
  }
}

export type ConfigObject = Record<string, unknown>;

export class ConfigReader {
  constructor(
    private readonly card: string,
    private readonly config: ConfigObject,
  ) {}

  static from(card: string, input: unknown): ConfigReader {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new CardConfigError(
        card,
        'the configuration must be a mapping of options, such as `type: custom:' + card + '`.',
      );
    }
    return new ConfigReader(card, input as ConfigObject);
  }

  fail(option: string, message: string): never {
    throw new CardConfigError(this.card, message, option);
  }

  type(expected: string): void {
    const type = this.config['type'];
    if (type === undefined) return;
    if (type !== `custom:${expected}` && type !== expected) {
      this.fail('type', `"type" must be "custom:${expected}" (got ${describe(type)}).`);
    }
  }

  string(option: string): string | undefined {
    const value = this.config[option];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      this.fail(option, `"${option}" must be text (got ${describe(value)}).`);
    return value;
  }

  /** `''` (same origin), an http(s) URL, or an absolute path such as an ingress path. */
  baseUrl(option: string): string | undefined {
    const value = this.string(option);
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    if (trimmed === '' || trimmed.startsWith('/')) return trimmed;
    if (/^https?:\/\/[^/\s]+/i.test(trimmed)) return trimmed;
    this.fail(
      option,
      `"${option}" must be empty, an http(s) address such as http://nvr.lan:8080, or a path such as /api/hassio_ingress/<token> (got ${describe(value)}).`,
    );
  }

  integer(option: string, fallback: number, min: number, max: number, unit = ''): number {
    const value = this.config[option];
    if (value === undefined || value === null || value === '') return fallback;
    const number = typeof value === 'string' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      this.fail(
        option,
        `"${option}" must be a whole number from ${min} to ${max}${unit} (got ${describe(value)}).`,
      );
    }
    return number;
  }

  boolean(option: string, fallback: boolean): boolean {
    const value = this.config[option];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean')
      this.fail(option, `"${option}" must be true or false (got ${describe(value)}).`);
    return value;
  }

  oneOf<T extends string>(option: string, allowed: readonly T[], fallback: T): T {
    const value = this.config[option];
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(
        option,
        `"${option}" must be one of ${allowed.join(', ')} (got ${describe(value)}).`,
      );
    }
    return value as T;
  }

  entityId(
    option: string,
    domain: string,
    value: unknown = this.config[option],
  ): string | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !new RegExp(`^${domain}\\.[a-z0-9_]+$`).test(value)) {
      this.fail(
        option,
        `"${option}" must be a ${domain} entity ID such as ${domain}.entrada (got ${describe(value)}).`,
      );
    }
    return value;
  }

  list(option: string): unknown[] | undefined {
    const value = this.config[option];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value))
      this.fail(option, `"${option}" must be a list (got ${describe(value)}).`);
    return value;
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
