import type { MikroORM } from '@mikro-orm/core';
import { pgTime } from '@centinela/core';

export { pgTime };

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
