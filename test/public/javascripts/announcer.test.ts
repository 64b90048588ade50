/// <reference lib="dom" />
// Screen-reader announcements come in batches, at most one per interval.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANNOUNCE_INTERVAL, Announcer } from '../../../public/javascripts/announcer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An announcer on a stand-in live region (it only ever sets textContent). */
function announcer(held = 0) {
  const region = { textContent: '' };
  const waiting = { held };
  return { region, waiting, announcer: new Announcer(region as HTMLElement, () => waiting.held) };
}

describe('Announcer', () => {
  it('says the matches of one interval together, at its end', () => {
    const { region, announcer: a } = announcer();
    a.count(1);
    a.count(2);
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL - 1);
    expect(region.textContent).toBe('');
    vi.advanceTimersByTime(1);
    expect(region.textContent).toBe('3 new posts.');
  });

  it('says "1 new post" in the singular', () => {
    const { region, announcer: a } = announcer();
    a.count(1);
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL);
    expect(region.textContent).toBe('1 new post.');
  });

  it('points to the Show new posts button while posts wait behind it', () => {
    const { region, waiting, announcer: a } = announcer();
    a.count(2);
    waiting.held = 4; // read when the announcement is made, not when counted
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL);
    expect(region.textContent).toBe('2 new posts. 4 waiting: use the Show new posts button.');
  });

  it('says nothing for an interval without matches', () => {
    const { region, announcer: a } = announcer();
    a.count(0);
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL);
    expect(region.textContent).toBe('');
  });

  it('says a change of state at once and drops the batch in progress', () => {
    const { region, announcer: a } = announcer();
    a.count(5);
    a.say('Paused.');
    expect(region.textContent).toBe('Paused.');
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL);
    expect(region.textContent).toBe('Paused.');
  });

  it('starts a fresh interval after each announcement', () => {
    const { region, announcer: a } = announcer();
    a.count(1);
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL);
    a.count(2);
    vi.advanceTimersByTime(ANNOUNCE_INTERVAL);
    expect(region.textContent).toBe('2 new posts.');
  });
});
