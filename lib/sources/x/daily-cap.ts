// X bills every post it delivers, so the posts taken in one UTC day are capped
// (X_MAX_POSTS_PER_DAY): a spend cap, because any visitor can follow a busy word.
// The count lives in memory, so a restart starts the day's count again.
import type { Clock } from '../../support/clock.ts';

export const DAY = 24 * 60 * 60_000; // ms
export const DEFAULT_MAX_POSTS_PER_DAY = 10_000; // X_MAX_POSTS_PER_DAY: $50 a day at $0.005 a post

export class DailyPostCap {
  readonly #clock: Clock;
  readonly #max: number;
  #day = -1; // UTC days since the epoch that #used counts
  #used = 0;

  constructor(clock: Clock, max: number) {
    this.#clock = clock;
    this.#max = max;
  }

  /** Counts one post X delivered; true once the day's allowance is used up. */
  count(): boolean {
    this.#rollOver();
    this.#used += 1;
    return this.#used >= this.#max;
  }

  /** Whether today's allowance is used up. */
  get reached(): boolean {
    this.#rollOver();
    return this.#used >= this.#max;
  }

  /** Posts counted today. */
  get used(): number {
    this.#rollOver();
    return this.#used;
  }

  /** Ms until the next UTC day begins, when the allowance is renewed. */
  msUntilTomorrow(): number {
    const now = this.#clock.now();
    return (Math.floor(now / DAY) + 1) * DAY - now;
  }

  #rollOver(): void {
    const today = Math.floor(this.#clock.now() / DAY);
    if (today === this.#day) return;
    this.#day = today;
    this.#used = 0;
  }
}
