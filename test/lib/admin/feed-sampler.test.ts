// lib/admin/feed-sampler.ts: never more than MAX_FEED_POSTS in any sliding second, however
// often it is asked; a fair sample shown in arrival order; only bounded text fields leave.
import { describe, expect, it } from 'vitest';
import { FEED_WINDOW, FeedSampler, MAX_FEED_POSTS } from '../../../lib/admin/feed-sampler.ts';
import { seededRandom } from '../../../lib/support/random.ts';
import { makePost } from '../../helpers/manual-source.ts';

describe('FeedSampler', () => {
  it('hands out every post, in order, when fewer than the bound came in', () => {
    const sampler = new FeedSampler();
    for (const text of ['a', 'b', 'c']) sampler.offer(makePost(text));
    const feed = sampler.take(0);
    expect(feed.posts.map((post) => post.text)).toEqual(['a', 'b', 'c']);
    expect(feed.seen).toBe(3);
    expect(sampler.take(1000)).toEqual({ posts: [], seen: 0 });
  });

  it(`never hands out more than ${MAX_FEED_POSTS} posts in any ${FEED_WINDOW} ms, however often it is asked`, () => {
    const sampler = new FeedSampler(MAX_FEED_POSTS, seededRandom(1));
    const handedOut: number[] = []; // the time of each post handed out
    let seen = 0;
    // A fake clock: takes every 1 to 400 ms, with 0 to 50 posts between them, for a minute
    const random = seededRandom(7);
    for (let now = 0; now < 60_000; now += 1 + Math.floor(random() * 400)) {
      const burst = Math.floor(random() * 50);
      for (let i = 0; i < burst; i += 1) sampler.offer(makePost(`post ${seen + i}`));
      seen += burst;
      const feed = sampler.take(now);
      expect(feed.posts.length).toBeLessThanOrEqual(feed.seen);
      for (const _ of feed.posts) handedOut.push(now);
    }
    for (let i = MAX_FEED_POSTS; i < handedOut.length; i += 1) {
      // The post MAX_FEED_POSTS before this one left at least a window earlier
      expect(handedOut[i]! - handedOut[i - MAX_FEED_POSTS]!).toBeGreaterThanOrEqual(FEED_WINDOW);
    }
    expect(handedOut.length).toBeGreaterThan(100);
  });

  it('keeps a uniform sample of a busy second, shown in arrival order', () => {
    const picks = new Array<number>(100).fill(0);
    const sampler = new FeedSampler(MAX_FEED_POSTS, seededRandom(3));
    for (let second = 0; second < 2000; second += 1) {
      for (let i = 0; i < 100; i += 1) sampler.offer(makePost(String(i)));
      const posts = sampler.take(second * FEED_WINDOW).posts.map((post) => Number(post.text));
      expect(posts).toEqual([...posts].sort((a, b) => a - b));
      for (const n of posts) picks[n]! += 1;
    }
    // Each of the 100 positions is picked about 2000 * 10/100 = 200 times; early and late posts alike
    expect(Math.min(...picks)).toBeGreaterThan(140);
    expect(Math.max(...picks)).toBeLessThan(260);
  });

  it('sends only bounded text fields, never media, links or anything else of the post', () => {
    const sampler = new FeedSampler();
    sampler.offer(makePost('x'.repeat(2000), { name: 'n'.repeat(500), url: 'https://example.org/p', images: [] }));
    const [post] = sampler.take(0).posts;
    expect(Object.keys(post!).sort()).toEqual(['created_at', 'id', 'name', 'screen_name', 'source', 'text']);
    expect(post!.text).toHaveLength(501);
    expect(post!.text.endsWith('…')).toBe(true);
    expect(post!.name).toHaveLength(100);
  });
});
