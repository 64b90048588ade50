import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { matches } from '../../../lib/match/match.ts';
import { parseTerm } from '../../../lib/match/query.ts';
import type { Post } from '../../../lib/contract/events.ts';
import { DemoSource } from '../../../lib/sources/demo.ts';

const FIXED_NOW = () => new Date('2026-01-01T00:00:00Z');

function draw(source: DemoSource, count: number) {
  return Array.from({ length: count }, () => source.next());
}

function parsed(term: string, lang: string | null = null) {
  const result = parseTerm(term, lang);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('DemoSource', () => {
  it('gives the same posts for the same seed', () => {
    const a = draw(new DemoSource({ rate: 10, seed: 7, now: FIXED_NOW }), 50);
    const b = draw(new DemoSource({ rate: 10, seed: 7, now: FIXED_NOW }), 50);
    expect(a).toEqual(b);
  });

  it('carries on after a position, as a new cluster leader does: new ids, and not the same texts again', () => {
    const first = new DemoSource({ rate: 10, seed: 7, now: FIXED_NOW });
    const before = draw(first, 30);
    const next = new DemoSource({ rate: 10, seed: 7, now: FIXED_NOW });
    next.resumeFrom('30');
    const after = draw(next, 30);
    expect(after[0]!.id).toBe('demo-31');
    expect(new Set([...before, ...after].map((post) => post.id)).size).toBe(60);
    expect(after.map((post) => post.text)).not.toEqual(before.map((post) => post.text));
  });

  it('gives different posts for another seed', () => {
    const a = draw(new DemoSource({ rate: 10, seed: 7, now: FIXED_NOW }), 20).map((p) => p.text);
    const b = draw(new DemoSource({ rate: 10, seed: 8, now: FIXED_NOW }), 20).map((p) => p.text);
    expect(a).not.toEqual(b);
  });

  it('varies authors and languages, with local avatars and complete posts', () => {
    const posts = draw(new DemoSource({ rate: 10, seed: 1 }), 300);
    expect(new Set(posts.map((p) => p.screen_name)).size).toBeGreaterThan(8);
    expect(new Set(posts.map((p) => p.lang)).size).toBeGreaterThan(3);
    expect(posts.some((p) => p.text.includes('#'))).toBe(true);
    expect(posts.some((p) => p.text.includes('@'))).toBe(true);
    for (const post of posts) {
      expect(post.user_profile_image).toMatch(/^\/avatars\/\d+\.svg$/);
      expect(post).toMatchObject({ source: 'demo', url: null });
      expect(post.text.length).toBeGreaterThan(0);
    }
  });

  it('weaves a newly followed term into the very next post', () => {
    const source = new DemoSource({ rate: 10, seed: 3 });
    const { query } = parsed('zebra crossing');
    source.follow('k', query);
    expect(matches(query, source.next())).toBe(true);
  });

  it('keeps weaving followed terms into a share of its posts, honouring mutes and language', () => {
    const source = new DemoSource({ rate: 10, seed: 3 });
    const { query } = parsed('pizza, bread -rain', 'es');
    source.follow('k', query);
    const hits = draw(source, 200).filter((post) => matches(query, post)).length;
    expect(hits).toBeGreaterThan(40);
  });

  it('stops weaving a term once it is unfollowed', () => {
    const source = new DemoSource({ rate: 10, seed: 3 });
    const { query } = parsed('zebra');
    source.follow('k', query);
    source.unfollow('k');
    expect(draw(source, 200).some((post) => matches(query, post))).toBe(false);
  });

  // One visitor's words must never reach another (issue 14, row 6): a post woven around
  // A's term names A's term, so the hub sends it there and skips the index that would
  // also match it for B, whose word the post contains too.
  it('sends a woven post to the term it was woven for and no other', async () => {
    const posts = await emitted({ a: parsed('zanzibar').query, b: parsed('just, about').query, c: parsed('cats -cats').query }, 600);
    const woven = posts.filter(([, termKeys]) => termKeys !== undefined);
    expect(woven.filter(([, termKeys]) => termKeys?.[0] === 'a').length).toBeGreaterThan(20);
    expect(woven.filter(([, termKeys]) => termKeys?.[0] === 'b').length).toBeGreaterThan(20);
    for (const [post, termKeys] of posts) {
      // Every post with the secret word was woven for A, and names A alone
      if (/zanzibar/i.test(post.text)) expect(termKeys).toEqual(['a']);
      // A woven post matches its term; a term that can match nothing ("cats -cats") is never woven
      if (termKeys) expect(termKeys).toHaveLength(1);
      if (termKeys?.[0] === 'a') expect(matches(parsed('zanzibar').query, post)).toBe(true);
      if (termKeys?.[0] === 'b') expect(matches(parsed('just, about').query, post)).toBe(true);
      expect(termKeys).not.toEqual(['c']);
    }
  });

  it('emits posts at the configured rate once started', async () => {
    vi.useFakeTimers();
    try {
      const source = new DemoSource({ rate: 20, seed: 1 });
      const received: string[] = [];
      source.on('post', (post) => received.push(post.id));
      source.start();
      vi.advanceTimersByTime(1000);
      expect(received).toHaveLength(20);
      await source.stop();
      vi.advanceTimersByTime(1000);
      expect(received).toHaveLength(20);
    } finally {
      vi.useRealTimers();
    }
  });
});

/** Every post a started source emits in `count` ticks, with the term keys it named. */
async function emitted(follows: Record<string, ReturnType<typeof parsed>['query']>, count: number) {
  vi.useFakeTimers();
  try {
    const source = new DemoSource({ rate: 100, seed: 5, now: FIXED_NOW });
    for (const [termKey, query] of Object.entries(follows)) source.follow(termKey, query);
    const posts: Array<[Post, readonly string[] | undefined]> = [];
    source.on('post', (post, termKeys) => posts.push([post, termKeys]));
    source.start();
    vi.advanceTimersByTime((count * 1000) / 100);
    await source.stop();
    return posts;
  } finally {
    vi.useRealTimers();
  }
}

describe('DemoSource: what its posts show', () => {
  it('shows every kind of card within a few dozen posts, from local files only', () => {
    const source = new DemoSource({ rate: 10, seed: 7 });
    const posts = Array.from({ length: 48 }, () => source.next());
    const kinds = new Set(posts.flatMap((post) => (['images', 'video', 'card', 'quote', 'replyTo', 'sensitive'] as const).filter((kind) => post[kind])));
    expect([...kinds].sort()).toEqual(['card', 'images', 'quote', 'replyTo', 'sensitive', 'video']);
    const images = posts.flatMap((post) => [...(post.images ?? []), ...(post.video?.poster ? [{ thumb: post.video.poster, full: post.video.poster }] : [])]);
    expect(images.every((image) => /^\/media\/[\w-]+\.svg$/.test(image.thumb) && image.full === image.thumb)).toBe(true);
    expect(posts.filter((post) => post.images && post.images.length > 1).length).toBeGreaterThan(0);
  });

  it('gives each picture a file that exists and alt text', () => {
    const source = new DemoSource({ rate: 10, seed: 1 });
    for (const post of Array.from({ length: 48 }, () => source.next())) {
      for (const image of post.images ?? []) {
        expect(existsSync(path.join(import.meta.dirname, '..', '..', '..', 'public', image.thumb))).toBe(true);
        expect(image.alt.length).toBeGreaterThan(0);
      }
    }
  });

  it('sends a post woven around a term, with whatever it shows, to that term only', () => {
    const source = new DemoSource({ rate: 10, seed: 3 });
    source.follow('k', parsed('zanzibar').query);
    const woven = Array.from({ length: 60 }, () => source.draw()).filter(({ post }) => /zanzibar/i.test(post.text));
    expect(woven.some(({ post }) => post.images || post.card || post.quote || post.replyTo || post.video)).toBe(true);
    expect(woven.every(({ termKeys }) => JSON.stringify(termKeys) === '["k"]')).toBe(true);
  });
});
