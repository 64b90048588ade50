// The feed: new cards go on top and fade in; cards past the limit fade out and go.
// Posts are queued as they arrive and written to the DOM once per animation frame, so
// 500 posts a second cost one DOM update per frame, not 500. The feed never holds more
// cards than the limit, counting cards that are fading out: a card fades out only when
// there is time for it, before the new one goes in; under load it goes at once.
import type { Post } from '../../lib/contract/events.ts';
import { HeldPosts } from './held.ts';

export const FADE_TIME = 250; // ms, matches --fade-time in style.css

export interface FeedOptions {
  container: HTMLElement;
  limit: number;
  render: (post: Post) => HTMLElement;
  /** True while new posts should wait, e.g. the reader has scrolled away from the top. */
  isHolding: () => boolean;
  reducedMotion: () => boolean;
  /** Called after each frame that changed the held buffer or showed posts. */
  onChange: (change: { shown: number; held: number; skipped: number }) => void;
}

export class Feed {
  readonly #options: FeedOptions;
  readonly #held: HeldPosts;
  #limit: number;
  #incoming: Post[] = []; // arrived since the last frame, oldest first
  #dropped = 0; // arrived since the last frame but already too old to be seen
  #frame = 0;
  #leaving: { cards: HTMLElement[]; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(options: FeedOptions) {
    this.#options = options;
    this.#limit = options.limit;
    this.#held = new HeldPosts(options.limit);
  }

  /** Queues posts (oldest first) for the next frame. */
  add(posts: readonly Post[]): void {
    this.#incoming.push(...posts);
    // Only the newest `limit` of a frame's posts can ever be seen
    const extra = this.#incoming.length - this.#limit;
    if (extra > 0) {
      this.#incoming.splice(0, extra);
      this.#dropped += extra;
    }
    this.#schedule();
  }

  /** Forgets posts that arrived but are not on screen yet, so a Stop shows nothing more. */
  dropQueued(): void {
    this.#incoming = [];
    this.#dropped = 0;
  }

  /** Shows every held post now, in arrival order. */
  reveal(): void {
    this.#schedule();
  }

  setLimit(limit: number): void {
    this.#limit = limit;
    this.#held.setLimit(limit);
    const extra = this.#cards().slice(limit);
    if (extra.length > 0) this.#leave(extra);
    this.#report(0);
  }

  /** Empties the feed, the queue and the held posts. */
  clear(): void {
    this.#incoming = [];
    this.#dropped = 0;
    this.#held.take();
    this.#finishLeaving();
    this.#options.container.replaceChildren();
    this.#report(0);
  }

  get held(): number {
    return this.#held.count;
  }

  #schedule(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#flush();
    });
  }

  #flush(): void {
    const arrived = this.#incoming.splice(0);
    const dropped = this.#dropped;
    this.#dropped = 0;
    if (this.#options.isHolding()) {
      this.#held.add(arrived, dropped);
      if (arrived.length > 0) this.#report(0);
      return;
    }
    // Held posts are older than anything that just arrived, so they go in first
    const posts = [...this.#held.take(), ...arrived].slice(-this.#limit);
    if (posts.length > 0) this.#show(posts);
  }

  #show(posts: Post[]): void {
    const cards = this.#cards();
    const calm = posts.length === 1 && !this.#leaving && !this.#options.reducedMotion();
    if (calm && cards.length >= this.#limit) {
      // Room is made first, gently; the post waits at the front of the queue for the fade
      this.#incoming.unshift(...posts);
      this.#leave(cards.slice(this.#limit - 1));
      return;
    }
    this.#finishLeaving();
    const overflow = this.#cards().length + posts.length - this.#limit;
    if (overflow > 0) for (const card of this.#cards().slice(-overflow)) card.remove();

    const fresh = posts.map(this.#options.render).reverse(); // newest on top
    this.#options.container.prepend(...fresh);
    if (this.#options.reducedMotion()) {
      for (const card of fresh) card.classList.add('fadeIn');
    } else {
      // The next frame, so the browser sees opacity 0 first and runs the transition
      requestAnimationFrame(() => fresh.forEach((card) => card.classList.add('fadeIn')));
    }
    this.#report(posts.length);
  }

  /** Fades cards out and removes them; with reduced motion they go at once. */
  #leave(cards: HTMLElement[]): void {
    this.#finishLeaving();
    if (this.#options.reducedMotion()) {
      cards.forEach((card) => card.remove());
      return;
    }
    for (const card of cards) {
      card.classList.remove('fadeIn');
      card.classList.add('fadeOut');
    }
    this.#leaving = { cards, timer: setTimeout(() => this.#finishLeaving(), FADE_TIME) };
  }

  /** Ends a fade (early, under load, when the next posts need the room now) and lets waiting posts in. */
  #finishLeaving(): void {
    if (!this.#leaving) return;
    clearTimeout(this.#leaving.timer);
    this.#leaving.cards.forEach((card) => card.remove());
    this.#leaving = null;
    if (this.#incoming.length > 0) this.#schedule();
  }

  #cards(): HTMLElement[] {
    return Array.from(this.#options.container.children as HTMLCollectionOf<HTMLElement>).filter(
      (card) => !this.#leaving?.cards.includes(card),
    );
  }

  #report(shown: number): void {
    this.#options.onChange({ shown, held: this.#held.count, skipped: this.#held.skipped });
  }
}
