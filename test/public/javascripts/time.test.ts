/// <reference lib="dom" />
// Relative times on cards.
import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../../public/javascripts/time.ts';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0); // ms

describe('relativeTime', () => {
  it.each([
    [2_000, 'just now'],
    [12_000, '12 s ago'],
    [185_000, '3 min ago'],
    [2 * 3600_000 + 5, '2 h ago'],
  ])('shows %i ms ago as "%s"', (ago, text) => {
    expect(relativeTime(new Date(NOW - ago), NOW)).toBe(text);
  });

  it('never says "in the future" for a clock slightly ahead', () => {
    expect(relativeTime(new Date(NOW + 3000), NOW)).toBe('just now');
  });
});
