// public/javascripts/admin/format.ts: the admin view's figures and sentences.
import { describe, expect, it } from 'vitest';
import { describeSeries, feedSentence, formatBytes, formatPushes, formatRate } from '../../../../public/javascripts/admin/format.ts';

describe('formatRate', () => {
  it('shows one decimal below 10 and whole numbers above', () => {
    expect(formatRate(0)).toBe('0.0');
    expect(formatRate(2.345)).toBe('2.3');
    expect(formatRate(1234.6)).toBe('1,235');
  });
});

describe('formatBytes', () => {
  it('shows megabytes with one decimal', () => {
    expect(formatBytes(52_428_800)).toBe('50.0 MB');
  });
});

describe('formatPushes', () => {
  it('says the push API is off when there are no counts', () => {
    expect(formatPushes(null)).toBe('push API off');
  });

  it('lists accepted and rejected, then the rest', () => {
    expect(formatPushes({ accepted: 1200, duplicates: 3, rejected: 4, unauthorised: 5, rateLimited: 6 })).toBe(
      '1,200 accepted, 4 rejected (3 duplicates, 5 unauthorised, 6 rate-limited)',
    );
  });
});

describe('feedSentence', () => {
  it('says how many of how many posts are shown', () => {
    expect(feedSentence(10, 250)).toBe('Showing 10 of 250 posts in the last second.');
    expect(feedSentence(3, 3)).toBe('Showing all 3 posts of the last second.');
    expect(feedSentence(1, 1)).toBe('Showing the 1 post of the last second.');
    expect(feedSentence(0, 0)).toBe('No posts in the last second.');
  });
});

describe('describeSeries', () => {
  it('says the rate now, the busiest bucket and when it was, and the mean', () => {
    const history = [...new Array<number>(88).fill(1), 40, 3];
    expect(describeSeries('Posts in', { perSecond: 3, history }, 10)).toBe(
      'Posts in over the last 15 minutes: 3.0 per second now; busiest 10 seconds 40 per second, in the last minute; mean 1.5.',
    );
    expect(describeSeries('Matches', { perSecond: 0, history: [12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, 10)).toBe(
      'Matches over the last 2 minutes: 0.0 per second now; busiest 10 seconds 12 per second, about 2 minutes ago; mean 1.0.',
    );
  });

  it('says none for a quiet chart', () => {
    expect(describeSeries('Deliveries', { perSecond: 0, history: [0, 0] }, 10)).toBe('Deliveries: none over the last minute.');
  });
});
