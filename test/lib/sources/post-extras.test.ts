import { describe, expect, it } from 'vitest';
import { MAX_ALT, MAX_IMAGES, mediaUrl, outboundLink, toExtras } from '../../../lib/sources/post-extras.ts';
import { toPost } from '../../../lib/sources/post.ts';

const THUMB = 'https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:abc/bafkreiabc@jpeg';
const FULL = 'https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:abc/bafkreiabc@jpeg';
const HOSTILE = ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'http://cdn.bsky.app/a.jpg', 'https://evil.example/a.png', 'https://user:pw@cdn.bsky.app/a.png', '/media/../secret.svg'];

describe('mediaUrl', () => {
  it.each([THUMB, 'https://pbs.twimg.com/media/abc.jpg', '/media/harbour.svg'])('keeps %s', (url) => {
    expect(mediaUrl(url)).toBe(url);
  });
  it.each(HOSTILE)('drops %s', (url) => {
    expect(mediaUrl(url)).toBeNull();
  });
});

describe('outboundLink', () => {
  it('keeps https links to any site', () => {
    expect(outboundLink('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
  });
  it.each(['javascript:alert(1)', 'data:text/html,x', 'http://example.com', 'https://example.com:8443/', 'https://a:b@example.com/', 'https://localhost/'])('drops %s', (url) => {
    expect(outboundLink(url)).toBeNull();
  });
});

describe('toExtras', () => {
  it('keeps up to four safe images with their alt text and size', () => {
    const images = Array.from({ length: 6 }, (_, i) => ({ thumb: THUMB, full: FULL, alt: `picture ${i}`, width: 800, height: 600 }));
    const extras = toExtras({ images }, 'text');
    expect(extras.images).toHaveLength(MAX_IMAGES);
    expect(extras.images![0]).toEqual({ thumb: THUMB, full: FULL, alt: 'picture 0', width: 800, height: 600 });
  });

  it('drops an image from another host or scheme, and cuts long alt text', () => {
    const images = [...HOSTILE.map((url) => ({ thumb: url, full: FULL, alt: 'x' })), { thumb: THUMB, full: FULL, alt: 'a'.repeat(5_000) }];
    const extras = toExtras({ images }, 'text');
    expect(extras.images).toHaveLength(1);
    expect(extras.images![0]!.alt).toHaveLength(MAX_ALT);
  });

  it('keeps a link card to any https site, with its host, and drops a hostile thumbnail', () => {
    const extras = toExtras({ card: { url: 'https://news.example.org/story', title: '<b>Big</b>', description: 'd', thumb: 'https://evil.example/t.png' } }, 't');
    expect(extras.card).toEqual({ url: 'https://news.example.org/story', host: 'news.example.org', title: '<b>Big</b>', description: 'd', thumb: null });
    expect(toExtras({ card: { url: 'javascript:alert(1)', title: 'x' } }, 't').card).toBeUndefined();
  });

  it('keeps a quote and a reply, with links only to the networks', () => {
    const extras = toExtras(
      {
        quote: { name: 'Bo', screen_name: 'bo', text: 'hi', url: 'https://evil.example/x' },
        replyTo: { screen_name: null, url: 'https://bsky.app/profile/did:plc:a/post/3k' },
      },
      't',
    );
    expect(extras.quote).toEqual({ name: 'Bo', screen_name: 'bo', text: 'hi', url: null });
    expect(extras.replyTo).toEqual({ screen_name: null, url: 'https://bsky.app/profile/did:plc:a/post/3k' });
  });

  it('keeps a video only with a link to the original, and its poster only from an allowed host', () => {
    expect(toExtras({ video: { poster: 'data:image/png;base64,xx', url: 'https://x.com/a/status/1', alt: '' } }, 't').video).toEqual({
      poster: null,
      url: 'https://x.com/a/status/1',
      alt: '',
    });
    expect(toExtras({ video: { poster: null, url: 'https://evil.example/v' } }, 't').video).toBeUndefined();
  });

  it('keeps links inside the text, sorted and apart, and drops hostile or overlapping ones', () => {
    const text = 'see example.com/a and @bo #cats';
    const links = [
      { start: 22, end: 25, href: 'https://bsky.app/profile/did:plc:bo', kind: 'mention' },
      { start: 4, end: 17, href: 'https://example.com/a/long', kind: 'link' },
      { start: 5, end: 9, href: 'https://example.com/', kind: 'link' }, // overlaps the first
      { start: 26, end: 31, href: 'javascript:alert(1)', kind: 'link' },
      { start: 26, end: 31, href: 'https://evil.example/tag', kind: 'tag' }, // tags open the network only
      { start: 30, end: 99, href: 'https://example.com/', kind: 'link' }, // past the end
    ];
    expect(toExtras({ links }, text).links).toEqual([
      { start: 4, end: 17, href: 'https://example.com/a/long', kind: 'link' },
      { start: 22, end: 25, href: 'https://bsky.app/profile/did:plc:bo', kind: 'mention' },
    ]);
  });

  it('marks sensitive media only when told so, and ignores junk without losing the post', () => {
    const post = toPost({ text: 'hello', sensitive: 'yes', images: 'nope', card: 42, quote: [], links: {} }, 'file', 'f1');
    expect(post).toMatchObject({ text: 'hello' });
    expect(post).not.toHaveProperty('images');
    expect(post).not.toHaveProperty('sensitive');
    expect(toPost({ text: 'x', sensitive: true }, 'file', 'f2')!.sensitive).toBe(true);
  });
});
