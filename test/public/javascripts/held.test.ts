// The bounded buffer behind the "Show N new posts" pill.
import { describe, expect, it } from 'vitest';
import { HeldPosts } from '../../../public/javascripts/held.ts';
import { makePost } from '../../helpers/manual-source.ts';

const texts = (posts: { text: string }[]): string[] => posts.map((post) => post.text);

describe('HeldPosts', () => {
  it('gives back held posts oldest first and empties', () => {
    const held = new HeldPosts(5);
    held.add([makePost('a'), makePost('b')]);
    held.add([makePost('c')]);
    expect(held.count).toBe(3);
    expect(texts(held.take())).toEqual(['a', 'b', 'c']);
    expect(held.count).toBe(0);
  });

  it('keeps only the newest `limit` posts and counts the rest as skipped', () => {
    const held = new HeldPosts(2);
    held.add(['a', 'b', 'c', 'd'].map((text) => makePost(text)), 3);
    expect(held.skipped).toBe(5);
    expect(texts(held.take())).toEqual(['c', 'd']);
    expect(held.skipped).toBe(0);
  });

  it('drops the oldest when the limit shrinks', () => {
    const held = new HeldPosts(3);
    held.add(['a', 'b', 'c'].map((text) => makePost(text)));
    held.setLimit(1);
    expect(held.skipped).toBe(2);
    expect(texts(held.take())).toEqual(['c']);
  });
});
