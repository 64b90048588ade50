/// <reference lib="dom" />
// Screenshots of the page at 1280 and 375 px, light and dark, saved under
// test/screenshots/ (git-ignored) for a person to look at. Layout checks that a
// picture would show are asserted too: nothing overflows the viewport sideways.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { blueskyFixture } from '../helpers/card-fixtures.ts';
import { ManualSource, makePost } from '../helpers/manual-source.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, expectCards, openPage, search } from './support.ts';

const OUT = path.join(import.meta.dirname, '..', 'screenshots');
const WIDTHS = [1280, 375] as const; // px
const SCHEMES = ['light', 'dark'] as const;

const POSTS = [
  { text: 'My cats have claimed the new sofa. Send help 🐈', name: 'Ada Park', screen_name: 'adapark', user_profile_image: '/avatars/1.svg' },
  { text: 'Shelter update: 12 cats adopted this weekend! #cats #adoptdontshop', name: 'City Shelter', screen_name: 'cityshelter', user_profile_image: '/avatars/2.svg', url: 'https://bsky.app/profile/cityshelter/post/2', profile_url: 'https://bsky.app/profile/cityshelter' },
  { text: 'Is it true that cats sleep 16 hours a day? Asking for my <b>very</b> lazy one.', name: 'Noor', screen_name: 'noor_writes', user_profile_image: '/avatars/3.svg' },
  { text: 'Documentary night: big cats of the Serengeti. Highly recommend.', name: 'Film Club', screen_name: 'filmclub', user_profile_image: '/avatars/4.svg', url: 'https://bsky.app/profile/filmclub/post/4' },
];

const MEDIA = path.join(import.meta.dirname, '..', '..', 'public', 'media');
const CDN_PICTURES = ['harbour', 'cat', 'garden', 'article'].map((name) => readFileSync(path.join(MEDIA, `${name}.svg`), 'utf8'));

/** Cards of every kind: Bluesky records from the fixtures, and a quote with its text as X sends it. */
function cardPosts() {
  const posts = ['reply', 'labelled', 'external', 'recordWithMedia', 'images'].map(blueskyFixture);
  const quote = makePost('Agreed, cats run this place', {
    source: 'bluesky',
    name: 'Noor',
    screen_name: 'noor_writes',
    user_profile_image: '/avatars/3.svg',
    quote: { name: 'Cat Facts', screen_name: 'catfacts', text: 'Cats sleep 16 hours a day <3', url: 'https://bsky.app/profile/catfacts/post/3k' },
    video: { poster: '/media/train.svg', url: 'https://bsky.app/profile/noor/post/3k', alt: 'A yellow train pulling into the station' },
  });
  return [...posts, quote];
}

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterAll(closeBrowser);

describe.skipIf(!chromiumPath)('screenshots', () => {
  mkdirSync(OUT, { recursive: true });

  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      it(`renders at ${width} px in ${colorScheme} mode`, async () => {
        const { page, errors } = await openPage(server, '/', { viewport: { width, height: 900 }, colorScheme });
        try {
          expect(await page.getAttribute('html', 'data-bs-theme')).toBe(colorScheme);
          await page.screenshot({ path: path.join(OUT, `empty-${width}-${colorScheme}.png`), fullPage: true });

          await search(page, 'cats');
          for (const post of POSTS) server.source.push(post.text, { ...post, created_at: new Date(Date.now() - 42_000).toISOString() });
          await expectCards(page, POSTS.map((post) => post.text).reverse());
          await page.waitForFunction(() => [...document.querySelectorAll('.tweet')].every((card) => getComputedStyle(card).opacity === '1'));
          await page.screenshot({ path: path.join(OUT, `feed-${width}-${colorScheme}.png`), fullPage: true });

          await page.click('#tips-button');
          await page.waitForFunction(() => {
            const popover = document.querySelector('.popover.search-tips');
            return popover !== null && getComputedStyle(popover).opacity === '1';
          });
          await page.screenshot({ path: path.join(OUT, `tips-${width}-${colorScheme}.png`) });
          await page.keyboard.press('Escape');
          await page.waitForSelector('.popover.search-tips', { state: 'detached' });

          // Reading (the mouse on a card, or scrolled down on a phone): new posts wait behind the pill
          if (width > 576) {
            await page.hover('#tweet-container .tweet:nth-child(2)');
          } else {
            await page.setViewportSize({ width, height: 400 });
            await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
          }
          for (const post of POSTS.slice(0, 3)) server.source.push(post.text, post);
          server.source.announce('reconnecting', 'The stream dropped.', 5000);
          await page.waitForSelector('#new-posts:not([hidden])');
          await page.screenshot({ path: path.join(OUT, `pill-${width}-${colorScheme}.png`) });

          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          expect(errors).toEqual([]);
        } finally {
          await page.context().close();
        }
      });

      it(`renders cards with images, link cards, quotes and replies at ${width} px in ${colorScheme} mode`, async () => {
        const bluesky = await startServer(new ManualSource('bluesky'));
        const { page, errors } = await openPage(bluesky, '/', { viewport: { width, height: 900 }, colorScheme });
        try {
          // The CDN answered locally with the demo's pictures, so nothing leaves the machine
          let served = 0;
          await page.context().route(/^https:\/\/cdn\.bsky\.app\//, (route) =>
            route.fulfill({ status: 200, contentType: 'image/svg+xml', body: CDN_PICTURES[served++ % CDN_PICTURES.length]! }),
          );
          await search(page, 'cats');
          const posts = cardPosts();
          for (const post of posts) bluesky.source.pushPost({ ...post, created_at: new Date(Date.now() - 42_000).toISOString() });
          await page.waitForFunction((count) => document.querySelectorAll('.tweet').length === count && [...document.querySelectorAll('.tweet')].every((card) => getComputedStyle(card).opacity === '1'), posts.length);
          await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.tweet img[src]')].every((img) => img.complete));
          await page.click('.tweet .alt-button'); // one description open, as a reader would see it
          await page.screenshot({ path: path.join(OUT, `cards-${width}-${colorScheme}.png`), fullPage: true });

          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          expect(errors).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
