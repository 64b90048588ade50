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

describe('TokenBucket with a cost', () => {
  it('takes several tokens at once, or none when it holds fewer', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(bucket.take(7)).toBe(true);
    expect(bucket.take(4)).toBe(false); // 3 left: nothing is taken
    expect(bucket.take(3)).toBe(true);
    now += 1_000;
    expect(bucket.take(5)).toBe(true);
  });

  it('says how long until a cost can be paid, and that one past the capacity never can', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(bucket.waitFor(10)).toBe(0);
    bucket.take(10);
    expect(bucket.waitFor(1)).toBe(200); // one token at 5 per second
    expect(bucket.waitFor(10)).toBe(2_000);
    now += 500;
    expect(bucket.waitFor(10)).toBe(1_500);
    expect(bucket.waitFor(11)).toBe(Infinity);
  });
});
