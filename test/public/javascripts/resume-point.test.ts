// The page's place in the stream: it sends it as `since` after a drop, and drops any post
// it already has, so a replay that overlaps what arrived live shows nothing twice.
import { describe, expect, it } from 'vitest';
import type { Post } from '../../../lib/contract/events.ts';
import { ResumePoint } from '../../../public/javascripts/resume-point.ts';
import { makePost } from '../../helpers/manual-source.ts';

const at = (cursor: string, text = cursor): Post => makePost(text, { cursor });
const texts = (posts: Post[]) => posts.map((post) => post.text);

describe('ResumePoint', () => {
  it('starts knowing nothing, then follows the newest post received', () => {
    const point = new ResumePoint();
    expect(point.cursor).toBe(null);
    point.fresh([at('10-0'), at('10-1')]);
    expect(point.cursor).toBe('10-1');
  });

  it('drops posts at or before the resume point, and keeps the rest in order', () => {
    const point = new ResumePoint();
    point.fresh([at('10-0'), at('10-1')]);
    expect(texts(point.fresh([at('10-1'), at('9-5'), at('10-2'), at('11-0'), at('10-2')]))).toEqual(['10-2', '11-0']);
    expect(point.cursor).toBe('11-0');
  });

  it('learns a cursor from the server, forward only', () => {
    const point = new ResumePoint();
    point.learn('20-0');
    point.learn('15-0');
    point.learn(null);
    point.learn(undefined);
    point.learn('not a cursor');
    expect(point.cursor).toBe('20-0');
    expect(texts(point.fresh([at('19-9'), at('20-1')]))).toEqual(['20-1']);
  });

  it('shows a post without a cursor, which it cannot place', () => {
    const point = new ResumePoint();
    point.fresh([at('10-0')]);
    expect(texts(point.fresh([makePost('no cursor')]))).toEqual(['no cursor']);
    expect(point.cursor).toBe('10-0');
  });
});
