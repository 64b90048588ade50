// Matches per minute over the last 30 minutes for the followed term, counted from the
// posts the page receives, and the sentence a screen reader hears for the chart
// ("about 12 a minute, rising"). Pure: times are passed in, nothing touches the DOM.

export const HISTORY_MINUTES = 30; // bars in the chart
const MINUTE = 60_000; // ms
const TREND_MINUTES = 5; // minutes compared against the five before them
const TREND_CHANGE = 0.2; // a fifth more (or less) than before counts as rising (falling)

export class MatchHistory {
  readonly #counts = new Map<number, number>(); // whole minute since the epoch -> matches, at most HISTORY_MINUTES + 1 entries
  #since = 0; // ms, when the term was followed

  constructor(now: number) {
    this.reset(now);
  }

  /** A new term: the history starts again from here. */
  reset(now: number): void {
    this.#counts.clear();
    this.#since = now;
  }

  add(count: number, now: number): void {
    const minute = Math.floor(now / MINUTE);
    this.#counts.set(minute, (this.#counts.get(minute) ?? 0) + count);
    for (const key of this.#counts.keys()) if (key <= minute - HISTORY_MINUTES) this.#counts.delete(key);
  }

  /** Counts per minute, oldest first, ending with the minute in progress; only minutes since the term was followed, at most 30. */
  minutes(now: number): number[] {
    const current = Math.floor(now / MINUTE);
    const first = Math.max(current - HISTORY_MINUTES + 1, Math.floor(this.#since / MINUTE));
    const counts: number[] = [];
    for (let minute = first; minute <= current; minute += 1) counts.push(this.#counts.get(minute) ?? 0);
    return counts;
  }
}

/**
 * The chart as a sentence. `minutes` ends with the minute in progress, which is left
 * out of the rate: a minute ten seconds old would read as a sudden fall.
 */
export function describeRate(minutes: readonly number[]): string {
  const complete = minutes.slice(0, -1);
  const current = minutes.at(-1) ?? 0;
  if (complete.length === 0) return current === 1 ? '1 match so far this minute' : `${current} matches so far this minute`;
  const span = Math.min(TREND_MINUTES, complete.length);
  const recent = mean(complete.slice(-span));
  const total = complete.reduce((sum, n) => sum + n, 0) + current;
  if (total === 0) return `No matches in the last ${minutes.length} minutes`; // at least two minutes here
  const rate = recent === 0 ? 'none in the last few minutes' : recent < 1 ? 'less than 1 a minute' : `about ${Math.round(recent).toLocaleString()} a minute`;
  const before = complete.slice(-2 * span, -span);
  if (before.length < span) return rate;
  const earlier = mean(before);
  if (recent > earlier * (1 + TREND_CHANGE) && recent - earlier >= 1) return `${rate}, rising`;
  if (recent < earlier * (1 - TREND_CHANGE) && earlier - recent >= 1) return `${rate}, falling`;
  return `${rate}, steady`;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, n) => sum + n, 0) / values.length;
}
