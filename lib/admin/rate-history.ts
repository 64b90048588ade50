// Turns a counter that only goes up (posts in, matches, deliveries) into what the admin
// charts show: the rate over the last tick, and the mean rate per second in each bucket
// of the last 15 minutes. Fixed memory: one number per bucket.
import type { RateSeries } from '../contract/admin-events.ts';

export const BUCKET_MS = 10_000; // one bar of the chart
export const HISTORY_MS = 15 * 60_000; // the chart's span
const BUCKETS = HISTORY_MS / BUCKET_MS;

export class RateHistory {
  #lastTotal: number | null = null;
  #lastAt = 0; // ms of the previous sample
  #perSecond = 0;
  readonly #counts: number[] = []; // events per bucket, oldest first, at most BUCKETS
  #bucketStart = 0; // ms where the last bucket began
  #firstAt = 0; // ms of the first sample: a bucket is averaged only over the time it was watched

  /** Records the counter's total at `at` ms; call once per tick. */
  sample(total: number, at: number): void {
    if (this.#lastTotal === null) {
      this.#lastTotal = total;
      this.#lastAt = at;
      this.#firstAt = at;
      this.#bucketStart = at - (at % BUCKET_MS);
      this.#counts.push(0);
      return;
    }
    const added = Math.max(0, total - this.#lastTotal);
    const seconds = Math.max(0.001, (at - this.#lastAt) / 1000);
    this.#perSecond = added / seconds;
    this.#lastTotal = total;
    this.#lastAt = at;
    // New buckets for the time that passed (empty ones for a pause), then count into the latest
    const bucketStart = at - (at % BUCKET_MS);
    const opened = Math.min(BUCKETS, Math.max(0, Math.round((bucketStart - this.#bucketStart) / BUCKET_MS)));
    for (let i = 0; i < opened; i += 1) this.#counts.push(0);
    this.#bucketStart = bucketStart;
    if (this.#counts.length > BUCKETS) this.#counts.splice(0, this.#counts.length - BUCKETS);
    this.#counts[this.#counts.length - 1]! += added;
  }

  /** The rate now and per bucket: each bucket's count over the part of it that was watched (the one in progress, up to `at`). */
  series(at: number): RateSeries {
    const last = this.#counts.length - 1;
    const history = this.#counts.map((count, i) => {
      const start = Math.max(this.#bucketStart - (last - i) * BUCKET_MS, this.#firstAt);
      const end = Math.min(this.#bucketStart - (last - i) * BUCKET_MS + BUCKET_MS, at);
      return round(count / Math.max(1, (end - start) / 1000));
    });
    return { perSecond: round(this.#perSecond), history };
  }
}

/** Two decimals are plenty for a chart and keep the snapshot small. */
const round = (n: number): number => Math.round(n * 100) / 100;
