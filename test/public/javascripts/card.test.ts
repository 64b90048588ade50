/// <reference lib="dom" />
// The link check behind every card. The card itself is built with jQuery in a real page,
// so its rendering is tested in Chromium (test/browser/feed.test.ts, test/faults/xss.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { safeHref } from '../../../public/javascripts/card.ts';

// jQuery 4 refuses to load without a document; safeHref never calls it
vi.mock('jquery', () => ({ default: () => expect.unreachable('safeHref must not build elements') }));

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
