import { describe, expect, it } from 'vitest';
import { redactUrl } from '../src/logging';

describe('redactUrl', () => {
  it('hides a signed media link token', () => {
    expect(redactUrl('/api/media/eyJhIjoxfQ.c2ln?site_id=casa')).toBe('/api/media/[REDACTED]?site_id=casa');
  });

  it('hides query tokens', () => {
    expect(redactUrl('/api/ws?access_token=abc&x=1')).toBe('/api/ws?access_token=[REDACTED]&x=1');
  });

  it('keeps ordinary paths', () => {
    expect(redactUrl('/api/events/123/clip?camera=patio')).toBe('/api/events/123/clip?camera=patio');
  });
});
