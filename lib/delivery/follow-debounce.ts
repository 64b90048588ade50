// Coalesces term changes before they reach the source, whichever source it is. A person
// typing or a script flipping terms would otherwise call follow/unfollow on every
// keystroke. Changes inside one window are applied together, and a term followed and
// dropped inside the window never reaches the source at all.
//
// Why X has a debounce of its own as well (lib/sources/x/rules.ts): this one is a short
// fixed window in front of every source, so no source sees churn; X's is a longer quiet
// period that batches whatever is left into one rules call, because X charges each rule
// change against 100 per 15 minutes and a failed call must be retried as a whole.
import type { Query } from '../match/query.ts';
import type { StreamSource } from '../sources/source.ts';

export type Follows = Pick<StreamSource, 'follow' | 'unfollow'>;

type Change = { follow: true; query: Query } | { follow: false };

export class DebouncedFollows implements Follows {
  readonly #source: Follows;
  readonly #delayMs: number;
  readonly #onError: (err: unknown, step: string) => void;
  readonly #pending = new Map<string, Change>();
  readonly #live = new Set<string>(); // term keys the upstream is following now
  #timer: NodeJS.Timeout | null = null;

  /** `onError` hears a throw from the upstream, so one bad term never stops the others. */
  constructor(source: Follows, delayMs: number, onError: (err: unknown, step: string) => void) {
    this.#source = source;
    this.#delayMs = delayMs;
    this.#onError = onError;
  }

  follow(termKey: string, query: Query): void {
    this.#change(termKey, { follow: true, query });
  }

  unfollow(termKey: string): void {
    this.#change(termKey, { follow: false });
  }

  /** Changes waiting for the window to close (back to 0 once flushed). */
  get pending(): number {
    return this.#pending.size;
  }

  /** Applies every waiting change now; also used on shutdown. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const changes = [...this.#pending];
    this.#pending.clear();
    for (const [termKey, change] of changes) {
      try {
        if (change.follow && !this.#live.has(termKey)) {
          this.#live.add(termKey);
          this.#source.follow(termKey, change.query);
        } else if (!change.follow && this.#live.delete(termKey)) {
          this.#source.unfollow(termKey);
        }
      } catch (err) {
        this.#onError(err, change.follow ? 'follow' : 'unfollow');
      }
    }
  }

  #change(termKey: string, change: Change): void {
    this.#pending.set(termKey, change);
    if (this.#delayMs === 0) return this.flush();
    // A fixed window from the first change, so a steady trickle cannot postpone it forever
    this.#timer ??= setTimeout(() => this.flush(), this.#delayMs);
  }
}
