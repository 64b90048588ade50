// A token bucket: a burst of `capacity` at once, then `perSecond` on average. The clock
// is passed in so tests can move time by hand.

export type MonotonicNow = () => number; // ms, monotonic (not lib/support/clock.ts, which also sets timers)

export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #now: MonotonicNow;
  #tokens: number;
  #last: number;

  constructor(capacity: number, perSecond: number, now: MonotonicNow = () => performance.now()) {
    this.#capacity = capacity;
    this.#perMs = perSecond / 1000;
    this.#now = now;
    this.#tokens = capacity;
    this.#last = now();
  }

  /** Takes one token; false means the caller is over its rate and should be refused. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
