// Stamps each post that leaves the hub with its cursor (lib/contract/cursor.ts):
// `<ms>-<seq>`, the time it was handled and its place within that millisecond. Cursors
// only ever grow, even when the system clock steps back: the last one issued is the floor.
import type { Clock } from '../support/clock.ts';
import { systemClock } from '../support/clock.ts';

export class CursorClock {
  readonly #clock: Clock;
  #ms = 0; // the millisecond part of the last cursor issued or seen
  #seq = -1; // its sequence part

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** A cursor after every cursor issued or seen so far. */
  next(): string {
    const now = Math.floor(this.#clock.now());
    if (now > this.#ms) {
      this.#ms = now;
      this.#seq = 0;
    } else {
      this.#seq += 1; // same millisecond, or the clock went back: count on from the last one
    }
    return `${this.#ms}-${this.#seq}`;
  }

  /**
   * Notes a cursor stamped elsewhere (in a cluster, a Redis Stream entry id), so that a
   * cursor issued here later still sorts after it. Parts too large for a Number are
   * ignored: such a cursor cannot come from a clock.
   */
  observe(cursor: string): void {
    const dash = cursor.indexOf('-');
    const ms = Number(cursor.slice(0, dash));
    const seq = Number(cursor.slice(dash + 1));
    if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) return;
    if (ms > this.#ms || (ms === this.#ms && seq > this.#seq)) {
      this.#ms = ms;
      this.#seq = seq;
    }
  }
}
