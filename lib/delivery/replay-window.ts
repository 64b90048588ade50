// The recent past of the stream, so a page whose connection dropped can catch up. The hub
// records every post it handles, matched or not (a later `since` may be for any term),
// with the term keys its source gave, if any. `since(cursor, ...)` then finds the matches
// for one term after that cursor. The window holds the last REPLAY_MAX_AGE_MS or
// REPLAY_MAX_POSTS posts, whichever is less, and never more than REPLAY_MAX_BYTES.
import { compareCursors } from '../contract/cursor.ts';
import type { Post } from '../contract/events.ts';
import { matches } from '../match/match.ts';
import type { Query } from '../match/query.ts';
import { tokenize, type PostTokens } from '../match/tokenize.ts';
import { systemClock, type Clock } from '../support/clock.ts';

export const REPLAY_MAX_AGE_MS = 120_000; // 2 minutes: a dropped page is back long before this
export const REPLAY_MAX_POSTS = 1_000; // posts of any term
// Serialised bytes of the posts held. A replay sends at most this much to one page, so it
// stays inside the default MAX_QUEUED_BYTES (1 MiB) that every page's queue is held to.
export const REPLAY_MAX_BYTES = 786_432; // 768 KiB

/** A post as it left the hub: it always has its cursor. */
export type CursoredPost = Post & { cursor: string };

/** What a resuming page missed: the matches after its cursor, oldest first. */
export interface Replay {
  posts: CursoredPost[];
  /** False when the window no longer reaches back to the cursor, or never held it: posts may be missing. */
  complete: boolean;
}

export interface ReplayLimits {
  maxAgeMs: number;
  maxPosts: number;
  maxBytes: number;
}

interface Entry {
  post: CursoredPost;
  termKeys: readonly string[] | null; // as the source gave them; null when the hub matched the post itself
  at: number; // ms, when it was recorded
  bytes: number;
  tokens: PostTokens | null; // computed on the first replay that needs them
}

const DEFAULT_LIMITS: ReplayLimits = { maxAgeMs: REPLAY_MAX_AGE_MS, maxPosts: REPLAY_MAX_POSTS, maxBytes: REPLAY_MAX_BYTES };
const MIN_COMPACT = 64; // evicted slots at the front before the array is worth shifting

export class ReplayWindow {
  readonly #clock: Clock;
  readonly #limits: ReplayLimits;
  #entries: Array<Entry | undefined> = []; // oldest first, live from `#head`
  #head = 0;
  #bytes = 0;
  // The newest cursor evicted: the window holds every post after it. Null until the first
  // eviction, when the window knows nothing from before its oldest post.
  #floor: string | null = null;

  constructor({ clock = systemClock, limits = {} }: { clock?: Clock; limits?: Partial<ReplayLimits> } = {}) {
    this.#clock = clock;
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Posts held now. */
  get size(): number {
    return this.#entries.length - this.#head;
  }

  /** Their serialised bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The newest cursor recorded (held, or let go since), or null while none was: where the stream is now. */
  get latest(): string | null {
    return this.size > 0 ? this.#entries.at(-1)!.post.cursor : this.#floor;
  }

  /**
   * Records a post the hub handled. `termKeys` as the source gave them (null: the hub
   * matched it itself); `at` is when it happened (ms), for a window preloaded from
   * elsewhere. Cursors must grow: a post whose cursor is not after the latest one is not
   * recorded, and false says so.
   */
  record(post: CursoredPost, termKeys: readonly string[] | null = null, at = this.#clock.now()): boolean {
    const latest = this.latest;
    if (latest !== null && compareCursors(post.cursor, latest) <= 0) return false;
    const bytes = Buffer.byteLength(JSON.stringify(post));
    this.#entries.push({ post, termKeys, at, bytes, tokens: null });
    this.#bytes += bytes;
    this.#trim();
    return true;
  }

  /** The term's matches after `cursor`, oldest first, and whether the window reaches back that far. */
  since(cursor: string, termKey: string, query: Query): Replay {
    this.#trim();
    const start = this.#after(cursor);
    const previous = start > this.#head ? this.#entries[start - 1]! : null;
    // Complete when the cursor is a post the window holds, or the last one it let go
    const complete = previous ? previous.post.cursor === cursor : this.#floor === cursor;
    const posts: CursoredPost[] = [];
    for (let i = start; i < this.#entries.length; i++) {
      const entry = this.#entries[i]!;
      if (entry.termKeys ? entry.termKeys.includes(termKey) : matches(query, entry.post, (entry.tokens ??= tokenize(entry.post.text)))) {
        posts.push(entry.post);
      }
    }
    return { posts, complete };
  }

  /** The index of the first entry after `cursor` (binary search: cursors grow). */
  #after(cursor: string): number {
    let low = this.#head;
    let high = this.#entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareCursors(this.#entries[mid]!.post.cursor, cursor) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Lets go of the oldest posts until every limit holds. */
  #trim(): void {
    const oldest = this.#clock.now() - this.#limits.maxAgeMs;
    while (this.size > 0) {
      const entry = this.#entries[this.#head]!;
      if (this.size <= this.#limits.maxPosts && this.#bytes <= this.#limits.maxBytes && entry.at >= oldest) break;
      this.#entries[this.#head] = undefined;
      this.#head += 1;
      this.#bytes -= entry.bytes;
      this.#floor = entry.post.cursor;
    }
    if (this.#head >= MIN_COMPACT && this.#head * 2 >= this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}
