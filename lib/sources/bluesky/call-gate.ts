// Lets a few calls run at once and a bounded number wait; past that a call is refused at
// once, so a burst of work (a catch-up after an outage) can neither open a hundred requests
// to one API nor pile up a queue that outlives it. Hand-written rather than p-limit, whose
// queue has no bound: the refusal is the point here, and the whole gate is this file.

/** Thrown, without running the call, when the gate is full. */
export class GateFullError extends Error {
  constructor() {
    super('too many calls are waiting');
  }
}

export class CallGate {
  readonly #maxRunning: number;
  readonly #maxWaiting: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(maxRunning: number, maxWaiting: number) {
    this.#maxRunning = maxRunning;
    this.#maxWaiting = maxWaiting;
  }

  /** Calls running now. */
  get running(): number {
    return this.#running;
  }

  /** Calls waiting for a turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `call` when a turn is free; rejects with GateFullError at once when too many already wait. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#maxRunning) {
      if (this.#waiting.length >= this.#maxWaiting) throw new GateFullError();
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await call();
    } finally {
      // Hand the turn straight to the next caller, so `running` never dips and lets a newcomer jump the queue
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
