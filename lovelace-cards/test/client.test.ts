import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentinelaClient } from '../src/api/client';
import { CentinelaApiError } from '../src/api/errors';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      if (request.url === '/api/evidence/export' && body.includes('"reason":"no"')) {
        response.writeHead(422, { 'Content-Type': 'application/problem+json' });
        response.end(
          JSON.stringify({
            type: 'urn:centinela:problem:CEN_ERR_EVIDENCE_REASON_LENGTH',
            title: 'Invalid reason',
            status: 422,
            detail: 'The reason must have 3 to 500 characters.',
            code: 'CEN_ERR_EVIDENCE_REASON_LENGTH',
            field: 'body/reason',
            fix: 'Send a reason of 3 to 500 characters.',
            request_id: 'r1',
          }),
        );
        return;
      }
      if (request.url?.startsWith('/broken/') === true) {
        response.writeHead(502, { 'Content-Type': 'text/plain' });
        response.end('bad gateway');
        return;
      }
      response.writeHead(request.method === 'POST' ? 201 : 200, {
        'Content-Type': 'application/json',
      });
      response.end(JSON.stringify({ items: [], next_cursor: null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function last(): Seen {
  return seen[seen.length - 1]!;
}

describe('CentinelaClient', () => {
  it('lists events with filters and the cursor in the query', async () => {
    const client = new CentinelaClient({ baseUrl });
    await client.listEvents({ camera_id: 'entrada', label: 'person', cursor: 'abc', limit: 25 });
    expect(last().method).toBe('GET');
    expect(last().url).toBe('/api/events?camera_id=entrada&label=person&cursor=abc&limit=25');
    expect(last().headers['accept']).toBe('application/json');
  });

  it('sends the bearer token and the site header', async () => {
    const client = new CentinelaClient({ baseUrl, token: 'cen_token', siteId: 'casa' });
    await client.listCameras();
    expect(last().headers['authorization']).toBe('Bearer cen_token');
    expect(last().headers['x-centinela-site']).toBe('casa');
  });

  it('echoes the CSRF cookie on POST with cookies', async () => {
    const client = new CentinelaClient({
      baseUrl,
      cookies: () => 'centinela_csrf=tok123; other=1',
    });
    await client.listCameras();
    expect(last().headers['x-csrf-token']).toBeUndefined();
    await client.exportEvidence(
      { event_id: 'e1', reason: 'Police report', format: 'mp4' },
      'key-1',
    );
    expect(last().method).toBe('POST');
    expect(last().headers['x-csrf-token']).toBe('tok123');
    expect(last().headers['idempotency-key']).toBe('key-1');
    expect(last().headers['content-type']).toBe('application/json');
    expect(JSON.parse(last().body)).toEqual({
      event_id: 'e1',
      reason: 'Police report',
      format: 'mp4',
    });
  });

  it('sends no CSRF header with a bearer token', async () => {
    const client = new CentinelaClient({
      baseUrl,
      token: 't',
      cookies: () => 'centinela_csrf=tok123',
    });
    await client.exportEvidence({ event_id: 'e1', reason: 'Police report', format: 'jpg' });
    expect(last().headers['x-csrf-token']).toBeUndefined();
    expect(last().headers['idempotency-key']).toBeUndefined();
  });

  it('turns problem details into CentinelaApiError', async () => {
    const client = new CentinelaClient({ baseUrl });
    const error = await client
      .exportEvidence({ event_id: 'e1', reason: 'no', format: 'mp4' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CentinelaApiError);
    const apiError = error as CentinelaApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.code).toBe('CEN_ERR_EVIDENCE_REASON_LENGTH');
    expect(apiError.field).toBe('body/reason');
    expect(apiError.fix).toBe('Send a reason of 3 to 500 characters.');
    expect(apiError.message).toBe('The reason must have 3 to 500 characters.');
  });

  it('reports a non-JSON error with its status', async () => {
    const client = new CentinelaClient({ baseUrl: `${baseUrl}/broken` });
    const error = (await client
      .listCameras()
      .catch((caught: unknown) => caught)) as CentinelaApiError;
    expect(error).toBeInstanceOf(CentinelaApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('HTTP 502 Bad Gateway');
    expect(last().url).toBe('/broken/api/cameras');
  });

  it('reports an unreachable server with status 0', async () => {
    const client = new CentinelaClient({ baseUrl: 'http://127.0.0.1:9' });
    const error = (await client
      .listCameras()
      .catch((caught: unknown) => caught)) as CentinelaApiError;
    expect(error).toBeInstanceOf(CentinelaApiError);
    expect(error.status).toBe(0);
    expect(error.message).toContain('Could not reach http://127.0.0.1:9/api/cameras');
  });

  it('puts the token in media URLs', () => {
    const client = new CentinelaClient({ baseUrl: 'http://nvr.lan:8080', token: 'cen_t' });
    expect(client.mediaUrl('/api/events/e1/clip')).toBe(
      'http://nvr.lan:8080/api/events/e1/clip?access_token=cen_t',
    );
    const portal = new CentinelaClient();
    expect(portal.mediaUrl('/api/events/e1/clip')).toBe('/api/events/e1/clip');
  });
});
