// The matches-per-minute meter, driven by explicit times.
import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../public/javascripts/meter.ts';

const T0 = 1_000_000; // ms, an arbitrary start

describe('RateMeter', () => {
  it('says nothing until five seconds of data exist', () => {
    const meter = new RateMeter(T0);
    meter.add(3, T0 + 1000);
    expect(meter.perMinute(T0 + 4000)).toBeNull();
  });

  it('scales a young search up to a per-minute figure', () => {
    const meter = new RateMeter(T0);
    for (let s = 0; s < 10; s += 1) meter.add(500, T0 + s * 1000);
    expect(meter.perMinute(T0 + 10_000)).toBe(30_000);
  });

  it('forgets matches older than the one-minute window', () => {
    const meter = new RateMeter(T0);
    meter.add(600, T0);
    meter.add(60, T0 + 70_000);
    expect(meter.perMinute(T0 + 70_500)).toBe(60);
  });

  it('starts again from zero on reset', () => {
    const meter = new RateMeter(T0);
    meter.add(100, T0 + 1000);
    meter.reset(T0 + 2000);
    meter.add(5, T0 + 3000);
    expect(meter.perMinute(T0 + 12_000)).toBe(30);
  });
});
