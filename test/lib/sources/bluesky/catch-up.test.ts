import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_REWIND_MS, duration, MAX_AHEAD_US, REWIND_US, ResumeCursor } from '../../../../lib/sources/bluesky/catch-up.ts';

const MINUTE_US = 60_000_000;
const DAY_US = 24 * 60 * MINUTE_US;
const NOW_US = 1_779_719_009_000_000; // a fixed instant in 2026

describe('resumeAt', () => {
  it('starts at the live tail before any frame', () => {
    expect(new ResumeCursor().resumeAt(NOW_US)).toEqual({ cursor: null, skippedUs: 0, downUs: 0 });
  });

  it('resumes 5 s before the last frame after a short drop, skipping nothing', () => {
    const cursor = new ResumeCursor();
    cursor.note(NOW_US - MINUTE_US, NOW_US);
    expect(cursor.resumeAt(NOW_US)).toEqual({ cursor: NOW_US - MINUTE_US - REWIND_US, skippedUs: 0, downUs: MINUTE_US });
  });

  it('goes back at most the max rewind after a long outage, and says how much it skipped', () => {
    const cursor = new ResumeCursor();
    const last = NOW_US - 3 * DAY_US;
    cursor.note(last, last);
    const resume = cursor.resumeAt(NOW_US);
    expect(resume.cursor).toBe(NOW_US - DEFAULT_MAX_REWIND_MS * 1_000);
    expect(resume.skippedUs).toBe(3 * DAY_US - 10 * MINUTE_US + REWIND_US);
    expect(resume.downUs).toBe(3 * DAY_US);
  });

  it('takes its bound from the constructor, in ms', () => {
    const cursor = new ResumeCursor(60_000);
    cursor.note(NOW_US - 10 * MINUTE_US, NOW_US);
    expect(cursor.resumeAt(NOW_US).cursor).toBe(NOW_US - MINUTE_US);
  });
});

describe('note', () => {
  it('keeps the newest time, whatever order frames come in', () => {
    const cursor = new ResumeCursor();
    cursor.note(NOW_US - 20, NOW_US);
    cursor.note(NOW_US - 30, NOW_US);
    expect(cursor.lastUs).toBe(NOW_US - 20);
  });

  it('accepts a time slightly ahead of our clock (skew), up to a minute', () => {
    const cursor = new ResumeCursor();
    expect(cursor.note(NOW_US + MAX_AHEAD_US, NOW_US)).toBe(true);
    expect(cursor.lastUs).toBe(NOW_US + MAX_AHEAD_US);
  });

  it('refuses a time far in the future, so it cannot push the resume point past the present', () => {
    const cursor = new ResumeCursor();
    cursor.note(NOW_US - 1_000, NOW_US);
    expect(cursor.note(NOW_US + MAX_AHEAD_US + 1, NOW_US)).toBe(false);
    expect(cursor.note(Number.MAX_SAFE_INTEGER, NOW_US)).toBe(false);
    expect(cursor.lastUs).toBe(NOW_US - 1_000);
    expect(cursor.resumeAt(NOW_US).cursor).toBe(NOW_US - 1_000 - REWIND_US);
  });
});

describe('gapSentence', () => {
  it('says how long the stream was down and how far back it went, in words', () => {
    expect(new ResumeCursor().gapSentence(3 * DAY_US)).toBe(
      'The Bluesky stream was down for 3 days; posts older than 10 minutes were skipped.',
    );
    expect(new ResumeCursor(60_000).gapSentence(2 * 60 * MINUTE_US)).toBe(
      'The Bluesky stream was down for 2 hours; posts older than 1 minute were skipped.',
    );
  });
});

describe('duration', () => {
  it('uses the largest whole unit, rounded, and never says zero', () => {
    expect(duration(86_400_000)).toBe('1 day');
    expect(duration(1.6 * 86_400_000)).toBe('2 days');
    expect(duration(90 * 60_000)).toBe('2 hours');
    expect(duration(59 * 60_000)).toBe('59 minutes');
    expect(duration(1_000)).toBe('1 minute');
  });
});
