import { describe, expect, it } from 'vitest';
import { Backoff, classifyStatus, retryDelay } from '../../../../lib/sources/x/backoff.ts';

describe('retryDelay', () => {
  it('adds 250 ms per try after network errors, up to 16 s', () => {
    const delays = Array.from({ length: 70 }, (_, i) => retryDelay('network', i + 1));
    expect(delays.slice(0, 4)).toEqual([250, 500, 750, 1_000]);
    expect(delays[63]).toBe(16_000);
    expect(delays[69]).toBe(16_000);
  });

  it('starts at 5 s and doubles after HTTP errors, up to 320 s', () => {
    const delays = Array.from({ length: 9 }, (_, i) => retryDelay('http', i + 1));
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000]);
  });

  it('starts at 60 s and doubles after a 429', () => {
    const delays = Array.from({ length: 7 }, (_, i) => retryDelay('rateLimit', i + 1));
    expect(delays).toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000]);
  });
});

describe('classifyStatus', () => {
  it('never retries 401 and 403, and gives 429 its own schedule', () => {
    expect([401, 403, 429, 500, 503, 400].map(classifyStatus)).toEqual(['fatal', 'fatal', 'rateLimit', 'http', 'http', 'http']);
  });
});

describe('Backoff', () => {
  it('climbs while failures repeat, restarts for a new kind, and resets when bytes flow', () => {
    const backoff = new Backoff();
    expect([backoff.next('http'), backoff.next('http'), backoff.next('http')]).toEqual([5_000, 10_000, 20_000]);
    expect(backoff.next('network')).toBe(250);
    backoff.reset();
    expect(backoff.next('network')).toBe(250);
  });
});
