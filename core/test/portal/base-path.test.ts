import { describe, expect, it } from 'vitest';
import { basePathFrom, withBase } from '../../portal/src/base-path';

describe('basePathFrom', () => {
  it('returns an empty base at the origin root', () => {
    expect(basePathFrom('http://127.0.0.1:8080/')).toBe('');
    expect(basePathFrom('http://127.0.0.1:8080/#/events')).toBe('');
  });

  it('drops the page file name', () => {
    expect(basePathFrom('http://127.0.0.1:8080/index.html#/audit')).toBe('');
  });

  it('keeps the ingress prefix without the trailing slash', () => {
    const url = 'http://ha.local:8123/api/hassio_ingress/abc123/#/events';
    expect(basePathFrom(url)).toBe('/api/hassio_ingress/abc123');
  });

  it('keeps the ingress prefix when the page is named', () => {
    expect(basePathFrom('https://ha.local/api/hassio_ingress/abc123/index.html?x=1')).toBe(
      '/api/hassio_ingress/abc123',
    );
  });

  it('keeps a prefix that has no trailing slash', () => {
    expect(basePathFrom('https://ha.local/api/hassio_ingress/abc123')).toBe(
      '/api/hassio_ingress/abc123',
    );
  });

  it('ignores the query string and the hash route', () => {
    expect(basePathFrom('http://nvr.lan/portal/?lang=es#/backups/run-1')).toBe('/portal');
  });
});

describe('withBase', () => {
  it('prefixes API paths with the base', () => {
    expect(withBase('/api/hassio_ingress/abc123', '/api/events')).toBe(
      '/api/hassio_ingress/abc123/api/events',
    );
    expect(withBase('', '/api/events')).toBe('/api/events');
  });

  it('adds the missing leading slash', () => {
    expect(withBase('/base', 'api/auth/me')).toBe('/base/api/auth/me');
  });

  it('leaves absolute and data URLs alone', () => {
    expect(withBase('/base', 'http://other/api')).toBe('http://other/api');
    expect(withBase('/base', 'data:image/png;base64,AA==')).toBe('data:image/png;base64,AA==');
  });
});
