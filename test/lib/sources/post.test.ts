import { describe, expect, it } from 'vitest';
import { DEFAULT_AVATAR, POST_PROBLEMS, checkPost, safeImage, safeLink, toPost } from '../../../lib/sources/post.ts';

describe('safeImage', () => {
  it.each([
    'https://cdn.bsky.app/img/avatar/plain/did:plc:x/abc@jpeg',
    'https://pbs.twimg.com/profile_images/1/a_normal.jpg',
    '/avatars/3.svg',
  ])('keeps %s', (url) => {
    expect(safeImage(url)).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'http://cdn.bsky.app/img/a.jpg', // not https
    'https://evil.example/a.png',
    'https://cdn.bsky.app.evil.example/a.png',
    'https://cdn.bsky.app:8443/a.png',
    'https://user:pw@cdn.bsky.app/a.png',
    '//cdn.bsky.app/a.png',
    '/avatars/../secret.svg',
  ])('replaces %s with the placeholder', (url) => {
    expect(safeImage(url)).toBe(DEFAULT_AVATAR);
  });
});

describe('safeLink', () => {
  it('keeps https links to a known network', () => {
    expect(safeLink('https://bsky.app/profile/alice/post/3k')).toBe('https://bsky.app/profile/alice/post/3k');
    expect(safeLink('https://x.com/alice/status/1')).toBe('https://x.com/alice/status/1');
  });

  it.each(['javascript:alert(1)', 'https://evil.example/', 'http://x.com/a', 'https://x.com.evil.example/'])('drops %s', (url) => {
    expect(safeLink(url)).toBeNull();
  });
});

describe('checkPost', () => {
  const now = new Date('2026-11-23T00:00:00Z');

  it('says why a value is not a post', () => {
    for (const raw of [null, 'text', 42, [{ text: 'a' }]]) expect(checkPost(raw, 'push', 'x', now)).toEqual({ error: POST_PROBLEMS.notObject });
    for (const raw of [{}, { text: '' }, { text: 7 }]) expect(checkPost(raw, 'push', 'x', now)).toEqual({ error: POST_PROBLEMS.noText });
  });

  it('gives the same post toPost does, labelled with its source', () => {
    const raw = { id: 'a1', text: 'hello', screen_name: 'ann', created_at: '2026-11-20T10:00:00Z' };
    const checked = checkPost(raw, 'push', 'fallback', now);
    expect(checked).toEqual({ post: toPost(raw, 'push', 'fallback', now) });
    expect(checked).toMatchObject({ post: { id: 'a1', source: 'push', name: 'ann', created_at: '2026-11-20T10:00:00.000Z' } });
  });
});
