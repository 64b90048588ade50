// Where the page is in the stream: the cursor of the newest post it received, or that the
// server told it as it joined a term. After a dropped connection the page sends it as
// `since`, and the server replays what was missed; posts at or before it are ones the page
// already has, so they are dropped here and no post is shown twice.
import { compareCursors, isCursor, laterCursor } from '../../lib/contract/cursor.ts';
import type { Post } from '../../lib/contract/events.ts';

export class ResumePoint {
  #cursor: string | null = null;

  /** The cursor to send as `since`, or null before the page knows one. */
  get cursor(): string | null {
    return this.#cursor;
  }

  /** Moves forward to a cursor the server named (never back: that would let posts repeat). */
  learn(cursor: string | null | undefined): void {
    if (isCursor(cursor)) this.#cursor = laterCursor(this.#cursor, cursor);
  }

  /** The posts not seen yet, in order; the resume point moves past them. */
  fresh(posts: readonly Post[]): Post[] {
    const kept: Post[] = [];
    for (const post of posts) {
      // A post without a cursor cannot be placed, so it is shown (a server from before cursors)
      if (!isCursor(post.cursor)) {
        kept.push(post);
        continue;
      }
      if (this.#cursor !== null && compareCursors(post.cursor, this.#cursor) <= 0) continue;
      this.#cursor = post.cursor;
      kept.push(post);
    }
    return kept;
  }
}
