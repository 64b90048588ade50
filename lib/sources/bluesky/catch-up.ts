// Bounded catch-up after an outage: where a resume starts, which frame times are believed,
// and the sentence that tells the pages when part of an outage was skipped.
// Jetstream replays everything from a cursor however old (v1 keeps about a day; v2 clamps
// silently), so without a bound a long outage comes back as hours of stale "live" posts.

export const REWIND_US = 5_000_000; // µs replayed before the last frame, since delivery is not strictly ordered
export const MAX_AHEAD_US = 60_000_000; // µs; a time_us further ahead of our clock is not believed
export const DEFAULT_MAX_REWIND_MS = 10 * 60_000; // ms of posts replayed at most after an outage

const US_PER_MS = 1_000;

export interface Resume {
  cursor: number | null; // µs to send as `cursor`, or null for the live tail
  skippedUs: number; // µs of the outage that will not be replayed (0 when none)
  downUs: number; // µs since the last frame we believed (0 on a first connection)
}

/** The newest believable frame time, and where a reconnect should resume from it. */
export class ResumeCursor {
  readonly #maxRewindUs: number;
  #lastUs: number | null = null;

  constructor(maxRewindMs = DEFAULT_MAX_REWIND_MS) {
    this.#maxRewindUs = maxRewindMs * US_PER_MS;
  }

  /** The newest frame time kept, in µs, or null before the first frame. */
  get lastUs(): number | null {
    return this.#lastUs;
  }

  /**
   * Keeps a processed frame's time. A time more than MAX_AHEAD_US past `nowUs` is refused
   * (returns false): a broken or hostile relay must not push the cursor past the present,
   * or the next resume would skip every post until our clock caught up.
   */
  note(timeUs: number, nowUs: number): boolean {
    if (timeUs > nowUs + MAX_AHEAD_US) return false;
    if (this.#lastUs === null || timeUs > this.#lastUs) this.#lastUs = timeUs;
    return true;
  }

  /** Where to resume at `nowUs`: a little before the last frame, but never more than the max rewind back. */
  resumeAt(nowUs: number): Resume {
    if (this.#lastUs === null) return { cursor: null, skippedUs: 0, downUs: 0 };
    const wanted = this.#lastUs - REWIND_US;
    const earliest = nowUs - this.#maxRewindUs;
    return {
      cursor: Math.max(wanted, earliest),
      skippedUs: Math.max(0, earliest - wanted),
      downUs: Math.max(0, nowUs - this.#lastUs),
    };
  }

  /** What the pages are told when a resume skips part of an outage, in one plain sentence. */
  gapSentence(downUs: number): string {
    return `The Bluesky stream was down for ${duration(downUs / US_PER_MS)}; posts older than ${duration(this.#maxRewindUs / US_PER_MS)} were skipped.`;
  }
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
] as const;

/** "3 days", "2 hours", "1 minute": the largest whole unit, rounded, for a sentence. */
export function duration(ms: number): string {
  const [unit, size] = UNITS.find(([, size]) => ms >= size) ?? UNITS[UNITS.length - 1]!;
  const count = Math.max(1, Math.round(ms / size));
  return new Intl.NumberFormat('en', { style: 'unit', unit, unitDisplay: 'long' }).format(count);
}
