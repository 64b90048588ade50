import { describe, expect, it } from 'vitest';
import { createIngestRate } from '../../../lib/ingest/rate.ts';

describe('createIngestRate', () => {
  it('charges one token per post, and says in whole seconds when a refused charge could pass', () => {
    let now = 0;
    const rate = createIngestRate({ perSecond: 10, burst: 20, now: () => now });
    expect(rate.charge(0, 15)).toEqual({ ok: true });
    expect(rate.charge(0, 10)).toEqual({ ok: false, retryAfterSeconds: 1 }); // 5 short at 10/s: 0.5 s
    expect(rate.charge(0, 20)).toEqual({ ok: false, retryAfterSeconds: 2 }); // 15 short: 1.5 s
    now += 500;
    expect(rate.charge(0, 10)).toEqual({ ok: true });
  });

  it('keeps one budget per token', () => {
    const rate = createIngestRate({ perSecond: 1, burst: 5, now: () => 0 });
    expect(rate.charge(0, 5)).toEqual({ ok: true });
    expect(rate.charge(0, 1).ok).toBe(false);
    expect(rate.charge(1, 5)).toEqual({ ok: true });
  });

  it('says a body past the burst can never pass, and charges nothing for it', () => {
    const rate = createIngestRate({ perSecond: 1, burst: 5, now: () => 0 });
    expect(rate.charge(0, 6)).toEqual({ ok: false, tooMany: true });
    expect(rate.charge(0, 5)).toEqual({ ok: true });
  });
});
