import type { Headers } from './results';

interface CachedResponse {
  status: number;
  body: Buffer;
  headers: Headers;
  storedAt: number;
}

/** `$upstream_cache_status` values nginx reports in `X-Cache-Status`. */
export type CacheStatus = 'HIT' | 'MISS' | 'BYPASS' | 'EXPIRED';

/**
 * Frigate's nginx micro-cache for `/api/`: 200 responses with `Content-Type: application/json`
 * are kept 5 seconds per URL. A non-empty `X-Cache-Bypass` skips the lookup, and the fresh
 * response still replaces the cached one (nginx's `proxy_cache_bypass`).
 */
export class MicroCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlSeconds = 5,
  ) {}

  lookup(key: string, bypass: boolean): { status: CacheStatus; cached?: CachedResponse } {
    if (bypass) return { status: 'BYPASS' };
    const entry = this.entries.get(key);
    if (entry === undefined) return { status: 'MISS' };
    if (this.clock() - entry.storedAt >= this.ttlSeconds) {
      this.entries.delete(key);
      return { status: 'EXPIRED' };
    }
    return { status: 'HIT', cached: entry };
  }

  store(key: string, status: number, contentType: string, body: Buffer, headers: Headers): void {
    if (status !== 200 || contentType !== 'application/json') return;
    this.entries.set(key, { status, body, headers, storedAt: this.clock() });
    if (this.entries.size > 2000) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
