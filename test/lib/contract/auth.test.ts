import { describe, expect, it } from 'vitest';
import { BATCH_MS_ERROR, parseAuth } from '../../../lib/contract/auth.ts';

const batchMsOf = (auth: unknown) => {
  const result = parseAuth(auth);
  return result.ok ? result.value.batchMs : undefined;
};

describe('parseAuth: batchMs', () => {
  it('asks for no batching when auth is missing or has no batchMs', () => {
    expect(batchMsOf(undefined)).toBeNull();
    expect(batchMsOf({})).toBeNull();
    expect(batchMsOf({ batchMs: null })).toBeNull();
  });

  it('accepts whole milliseconds from 50 to 1000', () => {
    expect(batchMsOf({ batchMs: 50 })).toBe(50);
    expect(batchMsOf({ batchMs: 100 })).toBe(100);
    expect(batchMsOf({ batchMs: 1000 })).toBe(1000);
  });

  it('rejects anything else, saying why', () => {
    for (const batchMs of [49, 1001, 0, -100, 100.5, '100', Number.NaN, Infinity, [100], { ms: 100 }, true]) {
      expect(parseAuth({ batchMs }), String(batchMs)).toEqual({ ok: false, error: BATCH_MS_ERROR });
    }
  });
});

describe('parseAuth: stats', () => {
  it('asks for streamStats only when stats is exactly true', () => {
    expect(parseAuth({ stats: true })).toEqual({ ok: true, value: { batchMs: null, wantsStats: true } });
    for (const stats of [undefined, false, 'true', 1, {}]) {
      expect(parseAuth({ stats }), String(stats)).toEqual({ ok: true, value: { batchMs: null, wantsStats: false } });
    }
  });

  it('ignores fields it does not know', () => {
    expect(parseAuth({ token: 'unrelated', batchMs: 100 })).toEqual({ ok: true, value: { batchMs: 100, wantsStats: false } });
  });
});
