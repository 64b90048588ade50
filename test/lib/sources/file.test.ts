import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_AVATAR } from '../../../lib/sources/post.ts';
import { FileSource, readReplayFile } from '../../../lib/sources/file.ts';

const FIXTURE = path.join(import.meta.dirname, '..', '..', 'fixtures', 'posts.jsonl');
const NOW = new Date('2026-01-01T00:00:00Z');

describe('readReplayFile', () => {
  it('keeps usable lines in order and counts the rest as skipped', () => {
    const { posts, skipped } = readReplayFile(FIXTURE, NOW);
    expect(posts.map((p) => p.text)).toEqual([
      'Cats are the best co-workers #cats',
      'Just some text, nothing else',
      'Red car spotted downtown 🚗',
      '<img src=x onerror=alert(1)>',
    ]);
    expect(skipped).toBe(2);
  });

  it('fills missing fields with safe defaults', () => {
    const [, bare] = readReplayFile(FIXTURE, NOW).posts;
    expect(bare).toEqual({
      id: 'file-2',
      name: 'Unknown',
      screen_name: 'unknown',
      text: 'Just some text, nothing else',
      user_profile_image: DEFAULT_AVATAR,
      created_at: NOW.toISOString(),
      lang: null,
      url: null,
      profile_url: null,
      source: 'file',
    });
  });

  it('drops unsafe links and images', () => {
    const red = readReplayFile(FIXTURE, NOW).posts[2]!;
    expect(red).toMatchObject({ id: '2', url: null, user_profile_image: DEFAULT_AVATAR });
  });

  it('says clearly when the file is missing', () => {
    expect(() => readReplayFile('/no/such/file.jsonl')).toThrow('STREAM_FILE cannot be read: /no/such/file.jsonl');
  });

  it('says clearly when no line is usable', () => {
    const empty = path.join(import.meta.dirname, '..', '..', 'fixtures', 'no-posts.jsonl');
    expect(() => readReplayFile(empty)).toThrow(/STREAM_FILE has no usable posts/);
  });
});

describe('FileSource', () => {
  it('replays in order at a steady pace, then loops with fresh ids', async () => {
    vi.useFakeTimers();
    try {
      const source = new FileSource({ path: FIXTURE, rate: 4 });
      const ids: string[] = [];
      source.on('post', (post) => ids.push(post.id));
      source.start();
      vi.advanceTimersByTime(1000);
      expect(ids).toEqual(['1', 'file-2', '2', 'file-7']);
      vi.advanceTimersByTime(500);
      expect(ids.slice(4)).toEqual(['1~1', 'file-2~1']);
      await source.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('carries on in file order after a position another process left', async () => {
    vi.useFakeTimers();
    try {
      const source = new FileSource({ path: FIXTURE, rate: 4 });
      source.resumeFrom('3');
      const ids: string[] = [];
      source.on('post', (post) => ids.push(post.id));
      source.start();
      vi.advanceTimersByTime(500);
      expect(ids).toEqual(['file-7', '1~1']);
      expect(source.position).toBe('5');
      await source.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
