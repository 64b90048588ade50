// Posts that arrived while the reader was reading. The buffer keeps only the newest
// `limit` posts, because the feed could never show more than that anyway; the rest
// are counted as skipped so the pill can say so.
import type { Post } from '../../lib/contract/events.ts';

export class HeldPosts {
  #posts: Post[] = [];
  #skipped = 0;

  constructor(public limit: number) {}

  /** Adds posts in arrival order, dropping the oldest past the limit; `skipped` counts ones dropped earlier. */
  add(posts: readonly Post[], skipped = 0): void {
    this.#skipped += skipped;
    this.#posts.push(...posts);
    const extra = this.#posts.length - this.limit;
    if (extra > 0) {
      this.#posts.splice(0, extra);
      this.#skipped += extra;
    }
  }

  /** Empties the buffer and returns its posts, oldest first. */
  take(): Post[] {
    const posts = this.#posts;
    this.#posts = [];
    this.#skipped = 0;
    return posts;
  }

  setLimit(limit: number): void {
    this.limit = limit;
    this.add([]);
  }

  get count(): number {
    return this.#posts.length;
  }

  get skipped(): number {
    return this.#skipped;
  }
}
