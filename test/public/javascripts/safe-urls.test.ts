/// <reference lib="dom" />
// The URL checks behind every card. The card itself is built in a real page, so its
// rendering is tested in Chromium (test/browser/feed.test.ts, cards.test.ts, test/faults/xss.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mediaSrc, outboundHref, safeHref } from '../../../public/javascripts/safe-urls.ts';

beforeEach(() => {
  // Relative links resolve against the page, as they would in the browser
  vi.stubGlobal('window', { location: { href: 'http://localhost:3000/?q=cats', origin: 'http://localhost:3000' } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('safeHref', () => {
  it.each(['https://bsky.app/profile/ada.example/post/3k', 'https://x.com/ada/status/1'])('keeps %s', (url) => {
    expect(safeHref(url)).toBe(url);
  });

  it.each([
    ['no link', null],
    ['an empty link', ''],
    ['a script URL', 'javascript:alert(1)'],
    ['a script URL in capitals with spaces', ' JAVASCRIPT:alert(1)'],
    ['plain http', 'http://bsky.app/profile/ada.example'],
    ['an unlisted host', 'https://evil.example/'],
    ['a relative link, which would stay on this site', '/healthz'],
    ['a link with credentials', 'https://ada:pw@bsky.app/'],
    ['text that is no URL at all', 'http://'],
  ])('drops %s', (_name, url) => {
    expect(safeHref(url)).toBeNull();
  });

  it('gives back the parsed form, so what is checked is what is linked', () => {
    expect(safeHref('https://BSKY.app/profile/ada.example')).toBe('https://bsky.app/profile/ada.example');
  });
});

describe('outboundHref', () => {
  it('keeps an https link to any site', () => {
    expect(outboundHref('https://news.example.org/a')).toBe('https://news.example.org/a');
  });
  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'http://news.example.org/', '/healthz', 'https://a:b@news.example.org/'])('drops %s', (url) => {
    expect(outboundHref(url)).toBeNull();
  });
});

describe('mediaSrc', () => {
  it.each(['https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:a/b@jpeg', 'https://pbs.twimg.com/media/a.jpg?name=small', '/media/harbour.svg'])('keeps %s', (url) => {
    expect(mediaSrc(url)).toBe(url);
  });
  it.each(['javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://evil.example/a.png', '/media/../avatars/x.svg', '/healthz', 'https://video.bsky.app/a.jpg'])('drops %s', (url) => {
    expect(mediaSrc(url)).toBeNull();
  });
});
