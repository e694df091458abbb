import { createServer } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { installErrorHandling } from '../src/http/error-handler';
import { isDatabaseUnavailable } from '../src/http/database-errors';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('database unavailable', () => {
  it('answers 503 with Retry-After when PostgreSQL refuses', async () => {
    const port = await closedPort();
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    app.get('/query', async () => {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 2000 });
      await client.connect();
      return { ok: true };
    });
    const response = await app.inject({ method: 'GET', url: '/query' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().code).toBe('CEN_ERR_SERVICE_UNAVAILABLE');
    expect(response.body).not.toContain('ECONNREFUSED');
    await app.close();
  });

  it('keeps other errors as 500', async () => {
    const app = Fastify({ logger: false });
    installErrorHandling(app);
    app.get('/boom', async () => {
      throw new Error('column "x" does not exist');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe('CEN_ERR_INTERNAL');
    await app.close();
  });

  it.each([
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '08006', message: 'connection failure' }, true],
    [{ message: 'wrapped', cause: { code: 'ECONNRESET' } }, true],
    [{ message: 'Knex: Timeout acquiring a connection. The pool is probably full.' }, true],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, false],
    [{ code: '08P01', message: 'invalid message format' }, false],
    [{ message: 'Query read timeout' }, true],
    [{ code: '42P01', message: 'relation "x" does not exist' }, false],
    ['ECONNREFUSED', false],
  ])('classifies %j', (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
