// Counts matches per minute over a sliding window of one-second buckets, so the
// figure is the real arrival rate, not what the feed had room to show.

export const RATE_WINDOW = 60; // s
const MIN_SPAN = 5; // s of data before the first figure, so one early post is not "60/min"

export class RateMeter {
  readonly #buckets = new Map<number, number>(); // whole second -> matches
  #since = 0; // ms, when counting began

  constructor(now: number) {
    this.reset(now);
  }

  reset(now: number): void {
    this.#buckets.clear();
    this.#since = now;
  }

  add(count: number, now: number): void {
    const second = Math.floor(now / 1000);
    this.#buckets.set(second, (this.#buckets.get(second) ?? 0) + count);
  }

  /** Matches per minute over the window, scaled up while the search is younger than it; null until there is enough data. */
  perMinute(now: number): number | null {
    const span = Math.min(RATE_WINDOW, (now - this.#since) / 1000);
    if (span < MIN_SPAN) return null;
    const oldest = Math.floor(now / 1000) - RATE_WINDOW;
    let total = 0;
    for (const [second, count] of this.#buckets) {
      if (second <= oldest) this.#buckets.delete(second);
      else total += count;
    }
    return Math.round((total / span) * 60);
  }
}
