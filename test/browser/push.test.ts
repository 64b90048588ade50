/// <reference lib="dom" />
// Pushed posts (POST /api/posts) in a real browser: they arrive in a search labelled
// "pushed", and a hostile one (markup in its text and names, javascript: links, images
// from hosts the page's CSP does not allow) renders inert: no dialog, no element the page
// did not build, no request to a foreign image host and no CSP violation.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer } from '../helpers/server.ts';
import { closeBrowser, openPage, search, type Opened } from './support.ts';

const TOKEN = 'e'.repeat(64);
const HOSTILE_TEXT = '<img src=x onerror=alert(1)> <script>alert(2)</script> heron';
const HOSTILE_POSTS = [
  {
    id: 'h1',
    text: HOSTILE_TEXT,
    name: '<svg onload=alert(3)>',
    screen_name: '"><iframe src="javascript:alert(4)">',
    url: 'javascript:alert(5)',
    profile_url: 'javascript:alert(6)',
    user_profile_image: 'https://pbs.twimg.com/profile_images/1/a.jpg', // a known CDN, but not this demo page's
    links: [{ start: 0, end: 4, href: 'javascript:alert(7)', kind: 'link' }],
  },
  {
    id: 'h2',
    text: 'heron pictures',
    images: [{ thumb: 'https://cdn.bsky.app/img/feed_thumbnail/a.jpg', full: 'https://cdn.bsky.app/img/feed_fullsize/a.jpg', alt: '<b>alt</b>' }],
    card: { url: 'javascript:alert(8)', title: '<i>t</i>', description: '', thumb: 'https://cdn.bsky.app/img/x.jpg' },
    video: { poster: 'https://evil.example/p.png', url: 'data:text/html,<script>alert(9)</script>', alt: '' },
  },
  { id: 'h3', text: 'heron with a good link', url: 'https://bsky.app/profile/alice/post/3k' },
  { id: 'h4', text: 'heron on video', video: { poster: null, url: 'https://x.com/birder/status/1', alt: '' } },
];
// Tags the page itself builds for a card; anything else means markup got through
const CARD_TAGS = new Set(['ARTICLE', 'IMG', 'DIV', 'SPAN', 'A', 'TIME', 'P', 'MARK', 'FIGURE', 'BUTTON']); // with media.ts's figures and ALT buttons

let opened: Opened | null = null;
afterEach(async () => {
  await opened?.page.context().close();
  opened = null;
});
afterAll(closeBrowser);

describe.skipIf(!chromiumPath)('pushed posts in the browser', () => {
  it('arrive labelled "pushed", hostile ones inert, with no foreign image asked for', async () => {
    const server = await startServer(new ManualSource('demo'), { push: { tokens: [TOKEN] } });
    opened = await openPage(server);
    const { page, errors } = opened;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const foreign: string[] = [];
    await page.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      foreign.push(route.request().url());
      return route.abort();
    });
    await search(page, 'heron');

    const response = await fetch(`${server.url}/api/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: HOSTILE_POSTS.map((post) => JSON.stringify(post)).join('\n'),
    });
    expect(await response.json()).toEqual({ accepted: HOSTILE_POSTS.length, duplicates: 0, rejected: [] });
    await page.waitForFunction((n) => document.querySelectorAll('#tweet-container article').length === n, HOSTILE_POSTS.length);
    // Give any image a page might wrongly load the time to be asked for
    await page.waitForFunction(() => [...document.images].every((img) => img.complete));

    const cards = await page.$$eval('#tweet-container article', (articles) =>
      articles.map((article) => ({
        id: article.getAttribute('data-id'),
        text: article.querySelector('.text')?.textContent,
        name: article.querySelector('.full-name')?.textContent,
        label: article.querySelector('.source-label')?.textContent,
        images: [...article.querySelectorAll('img')].map((img) => img.src || img.dataset.src || ''),
        links: [...article.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        tags: [...article.querySelectorAll('*')].map((el) => el.tagName),
        handlers: [...article.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((attr) => attr.name)).filter((name) => name.startsWith('on')),
      })),
    );
    const byId = Object.fromEntries(cards.map((card) => [card.id, card]));
    expect(byId.h1).toMatchObject({ text: HOSTILE_TEXT, name: '<svg onload=alert(3)>', label: 'pushed' });
    for (const card of cards) {
      expect(card.label).toBe('pushed');
      expect(card.tags.filter((tag) => !CARD_TAGS.has(tag))).toEqual([]);
      expect(card.handlers).toEqual([]);
      for (const src of card.images) expect(src.startsWith(`${server.url}/`)).toBe(true);
      for (const href of card.links) expect(href).toMatch(/^https:\/\//);
    }
    expect(byId.h1!.images).toEqual([`${server.url}/avatars/default.svg`]);
    expect(byId.h3!.links).toEqual(['https://bsky.app/profile/alice/post/3k']);
    // A pushed video is named by where it plays, since "push" is no network
    expect(await page.textContent('#tweet-container .tweet[data-id="h4"] .play-label')).toBe('▶ Play video on X');
    expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), iframe, object, embed, svg:not(#rate-chart-bars)').length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]); // includes every CSP violation the page reported
  });
});
