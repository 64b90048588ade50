// lib/delivery/activity.ts: a fresh set of counters starts at zero and is its own.
import { describe, expect, it } from 'vitest';
import { createActivity } from '../../../lib/delivery/activity.ts';

describe('createActivity', () => {
  it('starts every counter at zero, and each set is independent', () => {
    const one = createActivity();
    const two = createActivity();
    one.postsIn += 1;
    expect(one).toEqual({ postsIn: 1, matches: 0, deliveries: 0, skipped: 0 });
    expect(two).toEqual({ postsIn: 0, matches: 0, deliveries: 0, skipped: 0 });
  });
});
