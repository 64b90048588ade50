import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Post } from '../../../lib/contract/events.ts';
import { PacedSource } from '../../../lib/sources/paced.ts';

class Counter extends PacedSource {
  readonly name = 'demo';
  drawn = 0;
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
});
