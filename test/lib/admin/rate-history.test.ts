// lib/admin/rate-history.ts: the rate over the last tick, and 15 minutes of 10 s buckets
// as means per second, with empty buckets for quiet spells and nothing older kept.
import { describe, expect, it } from 'vitest';
import { BUCKET_MS, HISTORY_MS, RateHistory } from '../../../lib/admin/rate-history.ts';

describe('RateHistory', () => {
  it('gives the rate over the last tick', () => {
    const history = new RateHistory();
    history.sample(100, 0);
    history.sample(150, 1000);
    expect(history.series(1000).perSecond).toBe(50);
    history.sample(151, 3000);
    expect(history.series(3000).perSecond).toBe(0.5);
  });

  it('averages each full bucket per second and the bucket in progress over the time it has run', () => {
    const history = new RateHistory();
    history.sample(0, 0);
    for (let s = 1; s <= 10; s += 1) history.sample(s * 20, s * 1000); // 20/s through the first bucket, the last sample opens the second
    history.sample(200 + 5, 12_000);
    const { history: buckets } = history.series(12_000);
    expect(buckets).toEqual([18, 12.5]); // 180 in the first 10 s; 20 + 5 over the 2 s of the second
  });

  it('averages a bucket only over the part of it that was watched', () => {
    const history = new RateHistory();
    history.sample(0, 7000); // starts 7 s into a bucket
    history.sample(30, 9000);
    expect(history.series(9000).history).toEqual([15]); // 30 over the 2 s watched, not over 9 s
    history.sample(30, 12_000);
    expect(history.series(12_000).history).toEqual([10, 0]); // 30 over the 3 s watched of the first bucket
  });

  it('opens empty buckets for a quiet spell and keeps no more than 15 minutes', () => {
    const history = new RateHistory();
    history.sample(0, 0);
    history.sample(10, 1000);
    history.sample(20, 5 * BUCKET_MS + 1000);
    expect(history.series(5 * BUCKET_MS + 1000).history).toEqual([1, 0, 0, 0, 0, 10]);
    history.sample(30, HISTORY_MS * 2);
    const long = history.series(HISTORY_MS * 2).history;
    expect(long).toHaveLength(HISTORY_MS / BUCKET_MS);
    expect(long.slice(0, -1).every((n) => n === 0)).toBe(true);
  });

  it('never goes negative if a total restarts lower', () => {
    const history = new RateHistory();
    history.sample(100, 0);
    history.sample(5, 1000);
    expect(history.series(1000)).toEqual({ perSecond: 0, history: [0] });
  });
});
