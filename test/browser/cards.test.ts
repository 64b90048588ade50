/// <reference lib="dom" />
// What a card shows besides its text, in a real browser: posts decoded from the recorded
// Jetstream and X payloads in test/fixtures/ go through ManualSource to the page. The
// image CDNs are answered by a local route, which also records what the page asked for.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Post, SourceName } from '../../lib/contract/events.ts';
import { DemoSource } from '../../lib/sources/demo.ts';
import { chromiumPath } from '../helpers/browser.ts';
import { blueskyFixture, xFixture } from '../helpers/card-fixtures.ts';
import { ManualSource, makePost } from '../helpers/manual-source.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, openPage, search, type Opened } from './support.ts';

const PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="#888"/></svg>';

let opened: Opened | null = null;
afterEach(async () => {
  await opened?.page.context().close();
  expect(opened?.errors ?? []).toEqual([]);
  opened = null;
});
afterAll(closeBrowser);

/** A page for `source`, following "cats", with the image CDNs served locally; `requested` lists every image URL asked for. */
async function cardsPage(source: SourceName): Promise<{ page: Page; server: TestServer; requested: string[] }> {
  const server = await startServer(new ManualSource(source));
  opened = await openPage(server);
  const requested: string[] = [];
  await opened.page.context().route(/^https:\/\/(cdn\.bsky\.app|pbs\.twimg\.com)\//, (route) => {
    requested.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PIXEL });
  });
  await search(opened.page, 'cats');
  return { page: opened.page, server, requested };
}

async function show(page: Page, source: ManualSource, posts: Post[]): Promise<void> {
  for (const post of posts) source.pushPost(post);
  await page.waitForFunction((count) => document.querySelectorAll('#tweet-container .tweet').length === count, posts.length);
}

const card = (id: string): string => `#tweet-container .tweet[data-id="${id}"]`;

describe.skipIf(!chromiumPath)('cards from Bluesky records', () => {
  it('shows images with their alt text, a link card, a quote, a video, a reply line and linked text', async () => {
    const { page, server, requested } = await cardsPage('bluesky');
    const posts = ['images', 'external', 'record', 'recordWithMedia', 'video', 'reply'].map(blueskyFixture);
    await show(page, server.source, posts);
    const [images, external, record, withMedia, video, reply] = posts as [Post, Post, Post, Post, Post, Post];

    const alts = await page.$$eval(`${card(images.id)} .media-image`, (imgs) => imgs.map((img) => (img as HTMLImageElement).alt));
    expect(alts).toEqual(['A grey cat sitting on a wooden pier at sunset', 'Two fishing boats in a calm harbour', '']);
    await page.waitForFunction((thumb) => [...document.querySelectorAll('img')].some((img) => img.src === thumb && img.complete), images.images![0]!.thumb);
    expect(requested).toContain(images.images![0]!.thumb);
    expect(requested).not.toContain(images.images![0]!.full); // the full size waits for a click on the thumbnail
    expect(await page.getAttribute(`${card(images.id)} .media-link`, 'href')).toBe(images.images![0]!.full);
    // Alt text on demand: two ALT buttons (the third image has none)
    expect(await page.$$(`${card(images.id)} .alt-button`)).toHaveLength(2);
    expect(await page.isHidden(`${card(images.id)} .alt-text`)).toBe(true);
    await page.click(`${card(images.id)} .alt-button`);
    expect(await page.textContent(`${card(images.id)} .alt-text:not([hidden])`)).toBe('A grey cat sitting on a wooden pier at sunset');

    const linkCard = await page.$eval(`${card(external.id)} .link-card`, (a) => ({
      href: a.getAttribute('href'),
      rel: a.getAttribute('rel'),
      host: a.querySelector('.link-host')?.textContent,
      title: a.querySelector('.link-title')?.textContent,
    }));
    expect(linkCard).toEqual({ href: external.card!.url, rel: 'noopener noreferrer nofollow', host: 'www.nytimes.com', title: 'How Cats Domesticated Themselves' });
    const textLink = await page.$eval(`${card(external.id)} .text a.text-link`, (a) => [a.textContent, a.getAttribute('href')]);
    expect(textLink).toEqual(['nytimes.com/2026/11/29/scie...', 'https://www.nytimes.com/2026/11/29/science/cats-domestication.html']);

    expect(await page.getAttribute(`${card(record.id)} .quote a`, 'href')).toBe(record.quote!.url);
    expect(await page.$$(`${card(withMedia.id)} .media-image`)).toHaveLength(1);
    expect(await page.getAttribute(`${card(withMedia.id)} .quote a`, 'href')).toBe(withMedia.quote!.url);

    expect(await page.$eval(`${card(video.id)} .play-link`, (a) => [a.textContent, a.getAttribute('href')])).toEqual(['▶ Play video on Bluesky', video.url]);

    expect(await page.textContent(`${card(reply.id)} .reply-to`)).toBe('Replying to a post');
    expect(await page.getAttribute(`${card(reply.id)} .reply-to a`, 'href')).toBe(reply.replyTo!.url);
    const links = await page.$$eval(`${card(reply.id)} .text a`, (anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([
      ['@alice.bsky.social', 'https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz'],
      ['#CatsOfBluesky', 'https://bsky.app/hashtag/CatsOfBluesky'],
      ['bsky.app/profile/ali...', 'https://bsky.app/profile/alice.bsky.social'],
    ]);
    // The searched word is still marked between the links
    expect(await page.$$eval(`${card(reply.id)} .text mark`, (marks) => marks.map((mark) => mark.textContent))).toEqual(['cats']);
  });

  it('keeps labelled media blurred and unloaded until "Sensitive media: show" is pressed', async () => {
    const { page, server, requested } = await cardsPage('bluesky');
    const [plain, labelled] = [blueskyFixture('images'), blueskyFixture('labelled')];
    await show(page, server.source, [labelled, plain]);
    const { thumb, full } = labelled.images![0]!;
    // The unlabelled post's images load, so the page has had its chance to fetch
    await page.waitForFunction((src) => [...document.querySelectorAll('img')].some((img) => img.src === src && img.complete), plain.images![0]!.thumb);
    expect(await page.textContent(`${card(labelled.id)} .sensitive-button`)).toBe('Sensitive media: show');
    expect(await page.isHidden(`${card(labelled.id)} .media-grid`)).toBe(true);
    expect(await page.getAttribute(`${card(labelled.id)} .media-image`, 'src')).toBeNull();
    expect(requested.filter((url) => url === thumb || url === full)).toEqual([]);

    await page.click(`${card(labelled.id)} .sensitive-button`);
    await page.waitForFunction((src) => [...document.querySelectorAll('img')].some((img) => img.src === src && img.complete), thumb);
    expect(requested).toContain(thumb);
    expect(requested).not.toContain(full);
    expect(await page.$$(`${card(labelled.id)} .sensitive-button`)).toHaveLength(0);
  });
});

describe.skipIf(!chromiumPath)('cards from X posts', () => {
  it('shows photos with alt text, a quote with its author, "Replying to @handle" and a sensitive video poster only on request', async () => {
    const { page, server, requested } = await cardsPage('x');
    const posts = ['photos', 'quote', 'video'].map(xFixture);
    await show(page, server.source, posts);
    const [photos, quote, video] = posts as [Post, Post, Post];

    expect(await page.$$eval(`${card(photos.id)} .media-image`, (imgs) => imgs.map((img) => (img as HTMLImageElement).alt))).toEqual(['A tabby cat asleep on a keyboard', '']);
    expect(await page.textContent(`${card(photos.id)} .link-host`)).toBe('www.bbc.co.uk');
    expect(await page.textContent(`${card(quote.id)} .quote-author`)).toBe('Cat Facts @catfacts');
    expect(await page.textContent(`${card(quote.id)} .quote-text`)).toBe('Cats sleep 16 hours a day <3');
    expect(await page.textContent(`${card(quote.id)} .reply-to`)).toBe('Replying to @catfacts');

    const poster = video.video!.poster!;
    await page.waitForFunction((src) => [...document.querySelectorAll('img')].some((img) => img.src === src && img.complete), photos.images![0]!.thumb);
    expect(requested).not.toContain(poster);
    await page.click(`${card(video.id)} .sensitive-button`);
    await page.waitForFunction((src) => [...document.querySelectorAll('img')].some((img) => img.src === src && img.complete), poster);
    expect(await page.textContent(`${card(video.id)} .play-label`)).toBe('▶ Play video on X');
  });
});

describe.skipIf(!chromiumPath)('hostile cards', () => {
  it('shows hostile alt text and titles as text, and drops javascript:, data: and other hosts', async () => {
    const { page, server, requested } = await cardsPage('bluesky');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // Straight to the page, past the server's checks, so the page's own checks are tested
    const hostile = makePost('cats hostile', {
      source: 'bluesky',
      images: [
        { thumb: 'javascript:alert(1)', full: 'javascript:alert(1)', alt: 'x' },
        { thumb: 'data:image/svg+xml,<svg onload=alert(2)>', full: 'https://cdn.bsky.app/img/a@jpeg', alt: 'x' },
        { thumb: 'https://evil.example/track.png', full: 'https://evil.example/track.png', alt: 'x' },
        { thumb: 'https://cdn.bsky.app/img/ok@jpeg', full: 'javascript:alert(3)', alt: '<img src=x onerror=alert(4)>' },
      ],
      card: { url: 'javascript:alert(5)', host: 'bsky.app', title: 'x', description: '', thumb: null },
      quote: { name: '<b>bold</b>', screen_name: null, text: '<script>alert(6)</script>', url: 'data:text/html,<script>alert(7)</script>' },
      replyTo: { screen_name: '"><svg onload=alert(8)>', url: 'https://evil.example/' },
      links: [{ start: 0, end: 4, href: 'javascript:alert(9)', kind: 'link' }],
      video: { poster: 'https://evil.example/p.png', url: 'https://evil.example/v', alt: '' },
    });
    const titled = makePost('cats titled', { card: { url: 'https://news.example.org/a', host: 'evil.example', title: '<img src=x onerror=alert(10)>', description: '<i>d</i>', thumb: 'https://evil.example/t.png' } });
    await show(page, server.source, [hostile, titled]);

    const images = await page.$$eval(`${card(hostile.id)} img.media-image`, (imgs) => imgs.map((img) => [img.getAttribute('src'), (img as HTMLImageElement).alt]));
    expect(images).toEqual([['https://cdn.bsky.app/img/ok@jpeg', '<img src=x onerror=alert(4)>']]);
    expect(await page.$$(`${card(hostile.id)} .media-link`)).toHaveLength(0); // its full size was javascript:
    expect(await page.$$(`${card(hostile.id)} .link-card, ${card(hostile.id)} .play-link, ${card(hostile.id)} .text a`)).toHaveLength(0);
    expect(await page.textContent(`${card(hostile.id)} .quote`)).toBe('<b>bold</b> <script>alert(6)</script>');
    expect(await page.textContent(`${card(hostile.id)} .reply-to`)).toBe('Replying to @"><svg onload=alert(8)>');
    expect(await page.$$(`${card(hostile.id)} .quote a, ${card(hostile.id)} .reply-to a, ${card(hostile.id)} svg, ${card(hostile.id)} script, ${card(hostile.id)} b`)).toHaveLength(0);

    // A link card shows the host it really opens, never the one the post claims, and no thumbnail from another host
    const linkCard = await page.$eval(`${card(titled.id)} .link-card`, (a) => [a.querySelector('.link-host')?.textContent, a.querySelector('.link-title')?.textContent, a.querySelectorAll('img').length]);
    expect(linkCard).toEqual(['news.example.org', '<img src=x onerror=alert(10)>', 0]);
    expect(requested.every((url) => url.startsWith('https://cdn.bsky.app/'))).toBe(true);
    expect(dialogs).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)('cards from the demo source', () => {
  it('shows pictures from its own /media/ files, with no network', async () => {
    const server = await startServer(new DemoSource({ rate: 40, seed: 5 }));
    opened = await openPage(server);
    const { page } = opened;
    const outside: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url)) outside.push(request.url());
    });
    await search(page, 'cats');
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.tweet .media-image[src]')].some((img) => img.complete && img.naturalWidth > 0));
    const src = await page.$eval('.tweet .media-image[src]', (img) => new URL((img as HTMLImageElement).src).pathname);
    expect(src).toMatch(/^\/media\/[\w-]+\.svg$/);
    expect(outside).toEqual([]);
  });
});
