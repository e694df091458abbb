import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface ConfigProblem {
  field: string;
  reason: string;
}

/**
 * Validates plugin configurations against each manifest's JSON Schema, filling defaults.
 * Compiled validators are cached per plugin.
 */
export class ConfigValidator {
  private readonly ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, coerceTypes: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats.default(this.ajv);
  }

  add(plugin: string, schema: Record<string, unknown>): void {
    this.compiled.set(plugin, this.ajv.compile(schema));
  }

  /** Validate a copy of `config`; returns it with defaults applied, or the problems found. */
  validate(plugin: string, config: unknown): { config: Record<string, unknown> } | { problems: ConfigProblem[] } {
    const validateFn = this.compiled.get(plugin);
    if (validateFn === undefined) throw new Error(`No config schema registered for "${plugin}".`);
    const copy: unknown = structuredClone(config ?? {});
    if (validateFn(copy)) return { config: copy as Record<string, unknown> };
    return { problems: (validateFn.errors ?? []).map(toProblem) };
  }
}

function toProblem(error: ErrorObject): ConfigProblem {
  const base = error.instancePath === '' ? 'config' : `config${error.instancePath.replace(/\//g, '.')}`;
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return { field: `${base}.${missing}`, reason: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    return { field: `${base}.${extra}`, reason: 'is not a known setting' };
  }
  return { field: base, reason: error.message ?? 'is invalid' };
}
