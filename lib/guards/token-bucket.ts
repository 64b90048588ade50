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

  /** Takes `count` tokens (one by default) or none; false means the caller is over its rate and should be refused. */
  take(count = 1): boolean {
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  /** How long (ms) until `count` tokens are there, 0 if they are now; Infinity past the capacity. */
  waitFor(count = 1): number {
    this.#refill();
    if (count > this.#capacity) return Infinity;
    return Math.max(0, (count - this.#tokens) / this.#perMs);
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
  }
}
