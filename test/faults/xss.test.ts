// Fault suite, XSS in a real browser: hostile text, names, handles and URLs arrive as
// posts and are shown inert. No dialog opens, no element appears that the page did not
// build, and the Content-Security-Policy reports no violation from the page itself.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../helpers/browser.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer, stillServes, type TestServer } from '../helpers/server.ts';

const HOSTILE_TEXT = '<img src=x onerror=alert(1)> <script>alert(2)</script> xss';
const HOSTILE_POSTS = [
  { text: HOSTILE_TEXT, name: '<svg onload=alert(3)>', screen_name: '"><iframe src="javascript:alert(4)">' },
  { text: 'xss avatar 1', user_profile_image: 'javascript:alert(5)', url: 'javascript:alert(6)' },
  { text: 'xss avatar 2', user_profile_image: 'https://evil.example/track.png', url: 'https://evil.example/phish', profile_url: 'https://evil.example/' },
  { text: 'xss avatar 3', user_profile_image: 'data:image/svg+xml,<svg onload=alert(7)>', profile_url: 'data:text/html,<script>alert(8)</script>' },
  { text: 'xss avatar 4', user_profile_image: '//evil.example/x.png', url: 'https://bsky.app.evil.example/post' },
  { text: 'xss avatar 5', user_profile_image: 'https://cdn.bsky.app:8443/img/a.jpg', url: 'https://user:pw@bsky.app/profile/x' },
  { text: 'xss good link', url: 'https://bsky.app/profile/alice/post/3k' },
];
// These callbacks run in the page; the server's type settings have no DOM, so name what they touch
declare const window: { cspViolations: string[] };
declare const document: {
  addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): { length: number };
};

// Tags the page itself builds for a card; anything else means markup got through
const CARD_TAGS = new Set(['ARTICLE', 'IMG', 'DIV', 'SPAN', 'A', 'TIME', 'P', 'MARK']); // what renderCard builds

let server: TestServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  server = await startServer(new ManualSource());
  if (!chromiumPath) return;
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('hostile posts in the browser', () => {
  it.skipIf(!chromiumPath)('are shown as inert text, with safe avatars and links only', async () => {
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('#connection-status[data-state="live"]');
    await page.fill('#searchTerm', 'xss');
    await page.click('#search-form button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('#search-term')?.textContent === 'xss');

    for (const post of HOSTILE_POSTS) server.source.push(post.text, post);
    await page.waitForFunction((n) => document.querySelectorAll('#tweet-container article').length >= n, HOSTILE_POSTS.length);

    const cards = await page.$$eval('#tweet-container article', (articles) =>
      articles.map((article) => ({
        text: article.querySelector('.text')?.textContent,
        name: article.querySelector('.full-name')?.textContent,
        handle: article.querySelector('.username')?.textContent,
        avatar: article.querySelector('img')?.src, // resolved, so relative and absolute compare alike
        links: [...article.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        tags: [...article.querySelectorAll('*')].map((el) => el.tagName).concat(article.tagName),
        handlers: [...article.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((attr) => attr.name)).filter((name) => name.startsWith('on')),
      })),
    );

    const hostile = cards.find((card) => card.text === HOSTILE_TEXT)!;
    expect(hostile).toMatchObject({ name: '<svg onload=alert(3)>', handle: '@"><iframe src="javascript:alert(4)">' });
    for (const card of cards) {
      expect(card.tags.filter((tag) => !CARD_TAGS.has(tag))).toEqual([]);
      expect(card.handlers).toEqual([]);
      const hostileAvatar = HOSTILE_POSTS.find((post) => post.text === card.text)?.user_profile_image;
      expect(card.avatar).toBe(`${server.url}/avatars/${hostileAvatar ? 'default' : '0'}.svg`); // the placeholder, or makePost's own
      for (const link of card.links) expect(link).toMatch(/^https:\/\/bsky\.app\//);
    }
    expect(cards.find((card) => card.text === 'xss good link')?.links).toEqual(['https://bsky.app/profile/alice/post/3k']);
    // The page's own chart (#rate-chart-bars) is the one svg it builds
    expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), iframe, object, embed, svg:not(#rate-chart-bars)').length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    await stillServes(server);
  });
});
