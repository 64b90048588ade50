// lib/support/clock.ts: the real clock reads the time and sets timers that never keep
// a stopping process alive.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../lib/support/clock.ts';

describe('systemClock', () => {
  it('reads the time in ms since the epoch', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('runs a timer after its delay', async () => {
    const started = performance.now();
    const waited = await new Promise<number>((resolve) => systemClock.setTimeout(() => resolve(performance.now() - started), 20));
    expect(waited).toBeGreaterThanOrEqual(19); // Node may round a timer down by up to 1 ms
  });

  it('unrefs its timers, so a pending retry never holds the process open', () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    systemClock.clearTimeout(handle);
  });

  it('cancels a timer, and accepts null for "no timer"', async () => {
    let fired = false;
    const handle = systemClock.setTimeout(() => (fired = true), 10);
    systemClock.clearTimeout(handle);
    expect(() => systemClock.clearTimeout(null)).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fired).toBe(false);
  });
});
