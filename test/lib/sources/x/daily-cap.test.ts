import { describe, expect, it } from 'vitest';
import { DAY, DailyPostCap } from '../../../../lib/sources/x/daily-cap.ts';
import { ManualClock } from '../../../helpers/manual-clock.ts';

describe('DailyPostCap', () => {
  it('is reached by the post that uses up the day, and renewed when the UTC day turns', () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 23, 0));
    const cap = new DailyPostCap(clock, 3);
    expect([cap.count(), cap.count()]).toEqual([false, false]);
    expect(cap.reached).toBe(false);
    expect(cap.count()).toBe(true);
    expect(cap.reached).toBe(true);
    expect(cap.msUntilTomorrow()).toBe(60 * 60_000);
    clock.advance(60 * 60_000 - 1);
    expect(cap.reached).toBe(true);
    clock.advance(1);
    expect(cap.reached).toBe(false);
    expect(cap.used).toBe(0);
    expect(cap.msUntilTomorrow()).toBe(DAY);
  });
});
