import type { MikroORM } from '@mikro-orm/core';

/**
 * Raw SQL through MikroORM's connection. knex binds `?` placeholders, so SQL text here must
 * not use the `?` jsonb operators; JSON values go in as text with `?::jsonb`.
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

/**
 * A timestamptz as the driver returns it (text such as `2024-05-31 16:08:37.123+00`,
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
