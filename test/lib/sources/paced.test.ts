import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Post } from '../../../lib/contract/events.ts';
import { PacedSource } from '../../../lib/sources/paced.ts';

class Counter extends PacedSource {
  readonly name = 'demo';
  drawn = 0;
  protected carryOn(made: number): void {
    this.drawn = made;
  }
  next(): Post {
    this.drawn += 1;
    return { id: String(this.drawn), name: 'n', screen_name: 's', text: `post ${this.drawn}`, user_profile_image: '/avatars/0.svg', created_at: new Date(0).toISOString(), lang: 'en', url: null, source: 'demo' };
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PacedSource', () => {
  it('is live from start and emits one post every 1/rate seconds until stopped', async () => {
    vi.useFakeTimers();
    const source = new Counter(4);
    const texts: string[] = [];
    source.on('post', (post) => texts.push(post.text));
    expect(source.status.state).toBe('connecting');
    source.start();
    expect(source.status.state).toBe('live');
    vi.advanceTimersByTime(1000);
    expect(texts).toEqual(['post 1', 'post 2', 'post 3', 'post 4']);
    await source.stop();
    vi.advanceTimersByTime(1000);
    expect(texts).toHaveLength(4);
  });

  it('starting twice keeps one pace', () => {
    vi.useFakeTimers();
    const source = new Counter(10);
    source.start();
    source.start();
    vi.advanceTimersByTime(1000);
    expect(source.drawn).toBe(10);
    void source.stop();
  });

  it('says how many posts it has made, and carries on after a position another process left', () => {
    vi.useFakeTimers();
    const first = new Counter(10);
    const positions: string[] = [];
    first.on('post', () => positions.push(first.position));
    first.start();
    vi.advanceTimersByTime(300);
    void first.stop();
    expect(positions).toEqual(['1', '2', '3']); // read in the post's own handler, as a cluster leader does

    const next = new Counter(10);
    next.resumeFrom(first.position);
    next.resumeFrom('not a number'); // ignored
    const texts: string[] = [];
    next.on('post', (post) => texts.push(post.text));
    next.start();
    vi.advanceTimersByTime(200);
    void next.stop();
    expect(texts).toEqual(['post 4', 'post 5']);
    expect(next.position).toBe('5');
  });
});
