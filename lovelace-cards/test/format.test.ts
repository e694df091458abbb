import { describe, expect, it } from 'vitest';
import { formatRelative } from '../src/shared/format';

const NOW = Date.parse('2026-12-04T12:00:00Z');

describe('formatRelative', () => {
  it('formats a past time', () => {
    expect(formatRelative('2026-12-04T11:57:00Z', 'en', NOW)).toBe('3 minutes ago');
  });

  it('shows a start slightly ahead of the clock as now', () => {
    expect(formatRelative('2026-12-04T12:00:02Z', 'en', NOW)).toBe('now');
    expect(formatRelative('2026-12-04T12:00:02Z', 'es', NOW)).toBe('ahora');
  });

  it('returns an unparsable value unchanged', () => {
    expect(formatRelative('not a date', 'en', NOW)).toBe('not a date');
  });
});
