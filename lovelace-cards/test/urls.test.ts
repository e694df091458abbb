import { describe, expect, it } from 'vitest';
import { apiUrl, credentialsFor, readCookie, webSocketUrl, withQuery } from '../src/api/urls';

describe('apiUrl', () => {
  it('keeps API paths relative for the same origin', () => {
    expect(apiUrl('', '/api/events')).toBe('/api/events');
  });

  it('prefixes another origin and drops trailing slashes', () => {
    expect(apiUrl('http://nvr.lan:8080//', '/api/cameras')).toBe('http://nvr.lan:8080/api/cameras');
  });

  it('prefixes an ingress path', () => {
    expect(apiUrl('/api/hassio_ingress/XyZ/', '/api/events/e1/clip')).toBe(
      '/api/hassio_ingress/XyZ/api/events/e1/clip',
    );
  });

  it('adds a leading slash to a bare path', () => {
    expect(apiUrl('http://nvr.lan', 'api/cameras')).toBe('http://nvr.lan/api/cameras');
  });

  it('keeps absolute URLs from the API', () => {
    expect(apiUrl('/prefix', 'https://cdn.example.com/a.jpg', { v: 2 })).toBe(
      'https://cdn.example.com/a.jpg?v=2',
    );
  });

  it('encodes query values and skips empty ones', () => {
    expect(
      apiUrl('', '/api/events', {
        camera_id: 'entrada',
        label: undefined,
        from: '2026-12-04T14:31:02.123Z',
        cursor: 'a+b/c=',
        has_clip: true,
        site_id: '',
        limit: 50,
      }),
    ).toBe(
      '/api/events?camera_id=entrada&from=2026-12-04T14%3A31%3A02.123Z&cursor=a%2Bb%2Fc%3D&has_clip=true&limit=50',
    );
  });
});

describe('withQuery', () => {
  it('appends to an existing query and keeps the fragment', () => {
    expect(withQuery('/api/x?a=1#top', { b: 2 })).toBe('/api/x?a=1&b=2#top');
  });

  it('returns the URL unchanged without values', () => {
    expect(withQuery('/api/x', { a: undefined, b: null })).toBe('/api/x');
  });
});

describe('webSocketUrl', () => {
  const page = { protocol: 'https:', host: 'ha.example.com' };

  it('uses the page origin for a relative base', () => {
    expect(webSocketUrl('', page)).toBe('wss://ha.example.com/api/ws');
    expect(webSocketUrl('/api/hassio_ingress/tok', page)).toBe(
      'wss://ha.example.com/api/hassio_ingress/tok/api/ws',
    );
  });

  it('switches http to ws for another origin', () => {
    expect(webSocketUrl('http://nvr.lan:8080', page)).toBe('ws://nvr.lan:8080/api/ws');
  });

  it('passes a token as access_token', () => {
    expect(webSocketUrl('https://nvr.example.com/', page, 'cen tok')).toBe(
      'wss://nvr.example.com/api/ws?access_token=cen+tok',
    );
  });
});

describe('credentialsFor', () => {
  it('sends no cookies with a token', () => {
    expect(credentialsFor('http://nvr.lan', 'tok')).toBe('omit');
  });

  it('sends cookies to the same origin and ingress paths', () => {
    expect(credentialsFor('', undefined)).toBe('same-origin');
    expect(credentialsFor('/api/hassio_ingress/t', undefined)).toBe('same-origin');
  });

  it('includes cookies for another origin', () => {
    expect(credentialsFor('http://nvr.lan:8080', undefined)).toBe('include');
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('a=1; centinela_csrf=x%2By; b=2', 'centinela_csrf')).toBe('x+y');
  });

  it('does not match a cookie whose name only ends the same', () => {
    expect(readCookie('old_centinela_csrf=1', 'centinela_csrf')).toBeUndefined();
  });
});
