import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../lib/guards/token-bucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refuses until time refills it', () => {
    let now = 0;
    const bucket = new TokenBucket(3, 2, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 499; // just short of one token at 2 per second
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
  });

  it('never holds more than its capacity, however long it rests', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 100, () => now);
    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });
});
