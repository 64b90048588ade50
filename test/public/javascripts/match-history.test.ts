// The chart's numbers and its sentence, driven by explicit times.
import { describe, expect, it } from 'vitest';
import { describeRate, HISTORY_MINUTES, MatchHistory } from '../../../public/javascripts/match-history.ts';

const MINUTE = 60_000; // ms
const T0 = 1_000 * MINUTE; // an arbitrary start, on a minute boundary

describe('MatchHistory', () => {
  it('counts matches into the minute they arrived in, oldest first, ending with the current minute', () => {
    const history = new MatchHistory(T0);
    history.add(2, T0 + 1_000);
    history.add(3, T0 + 59_000);
    history.add(1, T0 + MINUTE);
    history.add(4, T0 + 3 * MINUTE + 5_000);
    expect(history.minutes(T0 + 3 * MINUTE + 10_000)).toEqual([5, 1, 0, 4]);
  });

  it('shows only minutes since the term was followed, at most thirty, and forgets older ones', () => {
    const history = new MatchHistory(T0);
    history.add(7, T0);
    for (let m = 1; m <= 40; m += 1) history.add(1, T0 + m * MINUTE);
    const minutes = history.minutes(T0 + 40 * MINUTE);
    expect(minutes).toHaveLength(HISTORY_MINUTES);
    expect(minutes.every((n) => n === 1)).toBe(true);
  });

  it('starts again from nothing for a new term', () => {
    const history = new MatchHistory(T0);
    history.add(9, T0);
    history.reset(T0 + 2 * MINUTE);
    expect(history.minutes(T0 + 2 * MINUTE + 1)).toEqual([0]);
  });
});

describe('describeRate', () => {
  it.each([
    [[0], '0 matches so far this minute'],
    [[1], '1 match so far this minute'],
    [[0, 0, 0], 'No matches in the last 3 minutes'],
    [[12, 12, 3], 'about 12 a minute'],
    [[0, 0, 1, 0, 0, 0], 'less than 1 a minute'],
    [[11, 11, 11, 11, 11, 12, 12, 13, 12, 12, 5], 'about 12 a minute, steady'],
    [[5, 5, 5, 5, 5, 12, 11, 13, 12, 12, 0], 'about 12 a minute, rising'],
    [[20, 20, 20, 20, 20, 12, 11, 13, 12, 12, 0], 'about 12 a minute, falling'],
    [[9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0], 'none in the last few minutes, falling'],
    [[1500, 1500, 0], 'about 1,500 a minute'],
  ])('reads %j as "%s"', (minutes, sentence) => {
    expect(describeRate(minutes)).toBe(sentence);
  });
});
