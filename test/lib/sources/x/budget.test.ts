import { describe, expect, it } from 'vitest';
import { ChangeBudget } from '../../../../lib/sources/x/budget.ts';
import { ManualClock } from '../../../helpers/manual-clock.ts';

describe('ChangeBudget', () => {
  it('allows `max` changes in any window and frees each one as it ages out', () => {
    const clock = new ManualClock();
    const budget = new ChangeBudget(clock, 3, 1_000);
    budget.spend(2);
    clock.advance(400);
    budget.spend(1);
    expect(budget.available()).toBe(0);
    expect(budget.msUntilFree()).toBe(600);
    clock.advance(599);
    expect(budget.available()).toBe(0);
    clock.advance(1);
    expect(budget.available()).toBe(2);
    expect(budget.msUntilFree()).toBe(400);
    clock.advance(400);
    expect(budget.available()).toBe(3);
    expect(budget.msUntilFree()).toBe(0);
  });
});
