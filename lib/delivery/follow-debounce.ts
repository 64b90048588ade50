// Coalesces term changes before they reach the upstream. Live upstreams pay for rule
// changes (X allows 100 per 15 minutes), and a person typing or a script flipping terms
// would otherwise spend them all. Changes inside one window are applied together, and a
// term followed and dropped inside the window never reaches the upstream at all.
import type { Query } from '../match/query.ts';
import type { StreamSource } from '../sources/source.ts';

export type Follows = Pick<StreamSource, 'follow' | 'unfollow'>;

type Change = { follow: true; query: Query } | { follow: false };

export class DebouncedFollows implements Follows {
  readonly #source: Follows;
  readonly #delayMs: number;
  readonly #onError: (err: unknown, step: string) => void;
  readonly #pending = new Map<string, Change>();
  readonly #live = new Set<string>(); // keys the upstream is following now
  #timer: NodeJS.Timeout | null = null;

  /** `onError` hears a throw from the upstream, so one bad term never stops the others. */
  constructor(source: Follows, delayMs: number, onError: (err: unknown, step: string) => void) {
    this.#source = source;
    this.#delayMs = delayMs;
    this.#onError = onError;
  }

  follow(key: string, query: Query): void {
    this.#change(key, { follow: true, query });
  }

  unfollow(key: string): void {
    this.#change(key, { follow: false });
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
    for (const [key, change] of changes) {
      try {
        if (change.follow && !this.#live.has(key)) {
          this.#live.add(key);
          this.#source.follow(key, change.query);
        } else if (!change.follow && this.#live.delete(key)) {
          this.#source.unfollow(key);
        }
      } catch (err) {
        this.#onError(err, change.follow ? 'follow' : 'unfollow');
      }
    }
  }

  #change(key: string, change: Change): void {
    this.#pending.set(key, change);
    if (this.#delayMs === 0) return this.flush();
    // A fixed window from the first change, so a steady trickle cannot postpone it forever
    this.#timer ??= setTimeout(() => this.flush(), this.#delayMs);
  }
}
