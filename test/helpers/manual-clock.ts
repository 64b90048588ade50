// A Clock the test moves by hand: `advance(ms)` fires due timers in order, and
// `delays()` shows what is waiting, so schedules are checked without real waiting.
import type { Clock, TimerHandle } from '../../lib/support/clock.ts';

interface Timer {
  id: number;
  due: number;
  ms: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #nextId = 1;

  constructor(start = Date.UTC(2026, 10, 23)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.#nextId++, due: this.#now + ms, ms, fn };
    this.#timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle | null): void {
    const id = (handle as { id?: number } | null)?.id;
    this.#timers = this.#timers.filter((timer) => timer.id !== id);
  }

  /** The requested length (ms) of every pending timer, soonest first. */
  delays(): number[] {
    return [...this.#timers].sort((a, b) => a.due - b.due).map((timer) => timer.ms);
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const next = [...this.#timers].sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next || next.due > until) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#now = next.due;
      next.fn();
    }
    this.#now = until;
  }
}
