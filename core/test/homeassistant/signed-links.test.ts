import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaLinkSigner } from '../../src/homeassistant/signed-links';

const signer = new MediaLinkSigner(randomBytes(32).toString('base64'));
const claims = {
  siteId: 'casa',
  eventId: '7d3c6f1e-1c1a-4a57-9e2a-3f0e0f3c2b11',
  kind: 'snapshot' as const,
  expiresAt: 2_000_000_000,
};

describe('media link signer', () => {
  it('accepts its own unexpired token', () => {
    expect(signer.verify(signer.sign(claims), 1_999_999_999)).toEqual(claims);
  });

  it('rejects an expired token', () => {
    expect(signer.verify(signer.sign(claims), 2_000_000_001)).toBeNull();
  });

  it('rejects a token for another event', () => {
    const token = signer.sign(claims);
    const [, mac] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify(['casa', 'other', 'snapshot', 2_000_000_000])).toString('base64url')}.${mac}`;
    expect(signer.verify(forged, 1)).toBeNull();
  });

  it('rejects a token signed with another key', () => {
    const other = new MediaLinkSigner(randomBytes(32).toString('base64'));
    expect(signer.verify(other.sign(claims), 1)).toBeNull();
  });

  it('rejects garbage', () => {
    expect(signer.verify('not-a-token', 1)).toBeNull();
    expect(signer.verify('a.b.c', 1)).toBeNull();
  });
});
