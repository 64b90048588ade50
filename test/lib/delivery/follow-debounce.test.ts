import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DebouncedFollows } from '../../../lib/delivery/follow-debounce.ts';
import { parseTerm, type Query } from '../../../lib/match/query.ts';

const WINDOW = 500; // ms
const query = (term: string): Query => (parseTerm(term) as { ok: true; value: { query: Query } }).value.query;

function fakeSource() {
  const calls: string[] = [];
  return { calls, follow: (key: string) => void calls.push(`+${key}`), unfollow: (key: string) => void calls.push(`-${key}`) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('DebouncedFollows', () => {
  it('applies changes together once the window closes', () => {
    const source = fakeSource();
    const follows = new DebouncedFollows(source, WINDOW, () => {});
    follows.follow('a', query('a'));
    follows.follow('b', query('b'));
    expect(source.calls).toEqual([]);
    vi.advanceTimersByTime(WINDOW);
    expect(source.calls).toEqual(['+a', '+b']);
    expect(follows.pending).toBe(0);
  });

  it('never sends a term followed and dropped inside one window', () => {
    const source = fakeSource();
    const follows = new DebouncedFollows(source, WINDOW, () => {});
    for (let i = 0; i < 1_000; i += 1) {
      follows.follow(`t${i}`, query(`t${i}`));
      follows.unfollow(`t${i}`);
    }
    follows.follow('kept', query('kept'));
    vi.advanceTimersByTime(WINDOW);
    expect(source.calls).toEqual(['+kept']);
  });

  it('unfollows upstream only what it followed upstream', () => {
    const source = fakeSource();
    const follows = new DebouncedFollows(source, WINDOW, () => {});
    follows.follow('a', query('a'));
    vi.advanceTimersByTime(WINDOW);
    follows.unfollow('a');
    follows.unfollow('never');
    vi.advanceTimersByTime(WINDOW);
    expect(source.calls).toEqual(['+a', '-a']);
  });

  it('is not postponed forever by a steady trickle of changes', () => {
    const source = fakeSource();
    const follows = new DebouncedFollows(source, WINDOW, () => {});
    for (let i = 0; i < 10; i += 1) {
      follows.follow(`t${i}`, query(`t${i}`));
      vi.advanceTimersByTime(WINDOW / 5);
    }
    expect(source.calls.length).toBeGreaterThan(0);
  });

  it('passes a throw from the upstream to onError and applies the other changes', () => {
    const errors: string[] = [];
    const source = { follow: (key: string) => { if (key === 'bad') throw new Error('boom'); }, unfollow: () => {} };
    const seen: string[] = [];
    const follows = new DebouncedFollows({ ...source, follow: (key, q) => (seen.push(key), source.follow(key)) }, WINDOW, (_err, step) => errors.push(step));
    follows.follow('bad', query('bad'));
    follows.follow('good', query('good'));
    vi.advanceTimersByTime(WINDOW);
    expect(seen).toEqual(['bad', 'good']);
    expect(errors).toEqual(['follow']);
  });

  it('applies at once when the window is 0', () => {
    const source = fakeSource();
    new DebouncedFollows(source, 0, () => {}).follow('a', query('a'));
    expect(source.calls).toEqual(['+a']);
  });
});
