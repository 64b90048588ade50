// Hands posts on in the order they arrived while some of them wait for their author's
// profile. A post that matched a term may wait (at most PROFILE_WAIT_MS) for its author;
// the posts behind it wait with it, so no page sees a later post before an earlier one.

export const MAX_HELD_POSTS = 1_000; // posts held back at once; past this the oldest goes out as it is

interface Held<T> {
  item: T;
  ready: boolean;
}

export class ArrivalOrder<T> {
  readonly #send: (item: T) => void;
  readonly #maxHeld: number;
  readonly #held: Held<T>[] = [];

  /** `send` receives every item, once, in the order it was added. */
  constructor(send: (item: T) => void, maxHeld = MAX_HELD_POSTS) {
    this.#send = send;
    this.#maxHeld = maxHeld;
  }

  /** Items not yet sent. */
  get held(): number {
    return this.#held.length;
  }

  /** An item that needs nothing more: sent now, unless an earlier one is still waiting. */
  add(item: T): void {
    this.#hold({ item, ready: true });
    this.#flush();
  }

  /**
   * An item that may get better: `better` replaces `item` when it settles. When too many
   * are held, the oldest goes out as it is (its fallback), so the bound holds under any burst.
   */
  addPending(item: T, better: Promise<T>): void {
    const held: Held<T> = { item, ready: false };
    this.#hold(held);
    const settle = (value: T) => {
      if (held.ready) return; // already sent as it was
      held.item = value;
      held.ready = true;
      this.#flush();
    };
    better.then(settle, () => settle(held.item));
  }

  #hold(held: Held<T>): void {
    if (this.#held.length >= this.#maxHeld) {
      this.#held[0]!.ready = true;
      this.#flush();
    }
    this.#held.push(held);
  }

  #flush(): void {
    while (this.#held[0]?.ready) this.#send(this.#held.shift()!.item);
  }
}
