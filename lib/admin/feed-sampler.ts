// The "sees everything" feed: a fair sample of every post flowing in, whatever anyone
// follows, at most MAX_FEED_POSTS in any second. Each post costs O(1) (reservoir
// sampling keeps a uniform sample of the window however many posts pass), and what is
// handed out is checked against a sliding second, so no timer drift or extra call can
// send an admin socket more than the bound.
import type { Post } from '../contract/events.ts';
import type { AdminFeed, SampledPost } from '../contract/admin-events.ts';

export const MAX_FEED_POSTS = 10; // posts per second, at most, to the admin sockets
export const FEED_WINDOW = 1000; // ms the bound is counted over
const MAX_TEXT = 500; // characters of a post's text in the feed; the admin wants a glance, not the post
const MAX_NAME = 100; // characters of a name or handle

interface Held {
  post: SampledPost;
  order: number; // arrival within the window, so the sample is shown in order
}

export class FeedSampler {
  readonly #max: number;
  readonly #random: () => number;
  #held: Held[] = [];
  #seen = 0; // posts offered since the last take
  readonly #sentAt: number[] = []; // ms each post handed out within the last FEED_WINDOW, oldest first

  constructor(max = MAX_FEED_POSTS, random: () => number = Math.random) {
    this.#max = max;
    this.#random = random;
  }

  /** Every post in: kept with the chance that keeps the sample uniform. */
  offer(post: Post): void {
    this.#seen += 1;
    if (this.#held.length < this.#max) {
      this.#held.push({ post: sampled(post), order: this.#seen });
      return;
    }
    const slot = Math.floor(this.#random() * this.#seen);
    if (slot < this.#max) this.#held[slot] = { post: sampled(post), order: this.#seen };
  }

  /** The sample since the last take, cut to what the last second still allows; starts a new window. */
  take(now: number): AdminFeed {
    while (this.#sentAt.length > 0 && this.#sentAt[0]! <= now - FEED_WINDOW) this.#sentAt.shift();
    const room = this.#max - this.#sentAt.length; // posts the last second still allows
    const inOrder = this.#held.sort((a, b) => a.order - b.order);
    const posts = (room > 0 ? inOrder.slice(-room) : []).map((held) => held.post); // the latest ones, if cut
    for (let i = 0; i < posts.length; i += 1) this.#sentAt.push(now);
    const feed = { posts, seen: this.#seen };
    this.#held = [];
    this.#seen = 0;
    return feed;
  }
}

/** The fields the feed shows, each cut to its bound; nothing else of the post leaves. */
function sampled(post: Post): SampledPost {
  return {
    id: post.id.slice(0, MAX_NAME),
    source: post.source,
    name: post.name.slice(0, MAX_NAME),
    screen_name: post.screen_name.slice(0, MAX_NAME),
    text: post.text.length > MAX_TEXT ? `${post.text.slice(0, MAX_TEXT)}…` : post.text,
    created_at: post.created_at.slice(0, 40),
  };
}
