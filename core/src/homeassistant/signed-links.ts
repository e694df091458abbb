import { createHmac, timingSafeEqual } from 'node:crypto';

export type MediaKind = 'snapshot' | 'clip' | 'thumbnail';
const KINDS: readonly MediaKind[] = ['snapshot', 'clip', 'thumbnail'];

export interface MediaLinkClaims {
  siteId: string;
  eventId: string;
  kind: MediaKind;
  /** Unix seconds after which the link stops working. */
  expiresAt: number;
}

/**
 * Links for phone notifications that open one event's media and expire, instead of URLs that
 * anyone who knows an event id can fetch. The token is the claims in base64url plus an
 * HMAC-SHA256 under a key derived from CENTINELA_SECRET_KEY.
 */
export class MediaLinkSigner {
  private readonly key: Buffer;

  constructor(secretKeyBase64: string) {
    this.key = createHmac('sha256', Buffer.from(secretKeyBase64, 'base64')).update('centinela media links v1').digest();
  }

  sign(claims: MediaLinkClaims): string {
    const body = Buffer.from(JSON.stringify([claims.siteId, claims.eventId, claims.kind, claims.expiresAt])).toString(
      'base64url',
    );
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  verify(token: string, nowSeconds: number = Date.now() / 1000): MediaLinkClaims | null {
    const [body, mac, extra] = token.split('.');
    if (body === undefined || mac === undefined || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(parsed) || parsed.length !== 4) return null;
    const [siteId, eventId, kind, expiresAt] = parsed as unknown[];
    if (typeof siteId !== 'string' || typeof eventId !== 'string' || typeof expiresAt !== 'number') return null;
    if (!KINDS.includes(kind as MediaKind)) return null;
    if (expiresAt < nowSeconds) return null;
    return { siteId, eventId, kind: kind as MediaKind, expiresAt };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
