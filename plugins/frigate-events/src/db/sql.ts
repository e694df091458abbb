import type { MikroORM } from '@mikro-orm/core';

/**
 * Raw SQL through MikroORM's connection (knex bindings: `?` placeholders, so SQL text here
 * must not use the `?` jsonb operators). Arrays are passed as JSON text, because knex would
 * expand a JS array into a list of placeholders.
 */
export class Sql {
  constructor(private readonly orm: MikroORM) {}

  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.orm.em.getConnection().execute<T[]>(text, params, 'all');
  }

  async one<T>(text: string, params: unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(text, params);
    return rows[0];
  }
}

/** Encode a JS value as a jsonb parameter (`?::jsonb`). */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * A timestamptz as the driver returns it (text such as `2024-05-31 16:08:37.123456+00`,
 * because MikroORM turns off pg's date parsing) or a Date, as a Date.
 */
export function pgTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d(?::?\d\d)?)?$/.exec(
    text,
  );
  if (match === null) return new Date(text);
  let zone = match[3] ?? 'Z';
  if (/^[+-]\d\d$/.test(zone)) zone = `${zone}:00`;
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return new Date(`${match[1]}T${match[2]}${zone}`);
}

export function pgTimeOrFail(value: unknown): Date {
  const time = pgTime(value);
  if (time === null) throw new Error('expected a timestamp, got null');
  return time;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * Encode the camera ids of a scope that can match a row as a jsonb parameter. Scopes are free text
 * in the user record, and casting a value that is not a uuid would fail the whole query, so
 * such values are dropped: they match no camera either way.
 */
export function scopeIds(scope: string[]): string {
  return json(scope.filter(isUuid));
}

/** SQL that turns a JSON text parameter into a set of uuids, for `in (...)`. */
export const UUIDS_FROM_JSON = 'select (jsonb_array_elements_text(?::jsonb))::uuid';
/** SQL that turns a JSON text parameter into a set of strings. */
export const TEXTS_FROM_JSON = 'select jsonb_array_elements_text(?::jsonb)';
