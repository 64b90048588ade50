// A sliding-window budget for X's rule changes: at most `max` in any `windowMs`.
import type { Clock } from '../../support/clock.ts';

export class ChangeBudget {
  readonly #clock: Clock;
  readonly #max: number;
  readonly #windowMs: number;
  #times: number[] = []; // when each recent change was made, oldest first; at most `max` long

  constructor(clock: Clock, max: number, windowMs: number) {
    this.#clock = clock;
    this.#max = max;
    this.#windowMs = windowMs;
  }

  /** How many changes may be made right now. */
  available(): number {
    const since = this.#clock.now() - this.#windowMs;
    while (this.#times.length > 0 && this.#times[0]! <= since) this.#times.shift();
    return Math.max(0, this.#max - this.#times.length);
  }

  spend(count: number): void {
    const now = this.#clock.now();
    for (let i = 0; i < count; i += 1) this.#times.push(now);
  }

  /** Ms until the oldest change leaves the window and frees a change. */
  msUntilFree(): number {
    return this.#times.length === 0 ? 0 : Math.max(0, this.#times[0]! + this.#windowMs - this.#clock.now());
  }
}
