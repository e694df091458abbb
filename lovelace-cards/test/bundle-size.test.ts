import { describe, expect, it } from 'vitest';
import { measureBundle } from '../bench/bundle-size';

describe('measureBundle', () => {
  it('reports the minified and gzipped sizes', async () => {
    const size = await measureBundle();
    expect(size.bytes).toBeGreaterThan(10_000);
    expect(size.gzipBytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThan(size.bytes);
  });
});
