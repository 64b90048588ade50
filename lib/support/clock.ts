// Time as a dependency: sources read the time and set timers through a Clock, so
// tests can drive reconnect schedules and rate windows without waiting.

export type TimerHandle = object; // opaque: whatever the clock hands out

export interface Clock {
  now(): number; // ms since the epoch
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | null): void;
}

/** The real clock. Timers are unref'd so a pending retry never keeps a stopping process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => {
    if (handle) clearTimeout(handle as NodeJS.Timeout);
  },
};
