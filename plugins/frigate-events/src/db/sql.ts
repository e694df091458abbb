import type { MikroORM } from '@mikro-orm/core';
import { pgTime } from '@centinela/core';

export { pgTime };

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
