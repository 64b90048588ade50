// Tells screen-reader users about new matches in batches, not once per post, through
// an aria-live="polite" region.

export const ANNOUNCE_INTERVAL = 5000; // ms between announcements at most

export class Announcer {
  readonly #region: HTMLElement;
  readonly #held: () => number; // how many wait behind the "Show new posts" button
  #pending = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(region: HTMLElement, held: () => number) {
    this.#region = region;
    this.#held = held;
  }

  /** Counts new matches, to be announced together at the end of the interval. */
  count(matches: number): void {
    this.#pending += matches;
    this.#timer ??= setTimeout(() => this.#say(), ANNOUNCE_INTERVAL);
  }

  /** Says something now, e.g. a change of state, and drops the batch in progress. */
  say(text: string): void {
    this.reset();
    this.#region.textContent = text;
  }

  reset(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = 0;
  }

  #say(): void {
    const matches = this.#pending;
    this.reset();
    if (matches === 0) return;
    const posts = matches === 1 ? '1 new post' : `${matches.toLocaleString()} new posts`;
    const held = this.#held();
    this.#region.textContent = held > 0 ? `${posts}. ${held} waiting: use the Show new posts button.` : `${posts}.`;
  }
}
