/// <reference lib="dom" />
// The feed in a real browser: held posts and the pill, highlights, links and times,
// the slider trim and reduced motion. Posts are pushed by hand through ManualSource.
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { expectCards, pageTests, search } from './support.ts';

const web = pageTests();

describe.skipIf(!chromiumPath)('the feed', () => {
  it('holds new posts while the reader is scrolled down and shows them, in order, from the pill', async () => {
    const opened = await web.open('/', { viewport: { width: 375, height: 500 } });
    const { page } = opened;
    await search(page, 'cats');
    for (const n of [1, 2, 3, 4, 5, 6]) web.server.source.push(`cats ${n}`);
    await expectCards(page, ['cats 6', 'cats 5', 'cats 4', 'cats 3', 'cats 2', 'cats 1']);

    // Scroll past the top of the feed: new posts wait
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    for (const n of [7, 8, 9]) web.server.source.push(`cats ${n}`);
    await page.waitForSelector('#new-posts:not([hidden])');
    await page.waitForFunction(() => document.querySelector('#new-posts')!.textContent === 'Show 3 new posts');
    expect(await page.$$eval('#tweet-container .tweet .text', (nodes) => nodes[0]!.textContent)).toBe('cats 6');

    await page.click('#new-posts');
    await expectCards(page, ['cats 9', 'cats 8', 'cats 7', 'cats 6', 'cats 5', 'cats 4', 'cats 3', 'cats 2', 'cats 1']);
    expect(await page.isHidden('#new-posts')).toBe(true);
  });

  it('keeps only the newest posts up to the limit while holding, and says how many it skipped', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats');
    await page.evaluate(() => {
      // An empty feed has no height to hover over; give the pointer something to rest on
      document.querySelector<HTMLElement>('#tweet-container')!.style.minHeight = '300px';
    });
    await page.hover('#tweet-container');
    for (let n = 1; n <= 13; n += 1) web.server.source.push(`cats ${n}`);
    await page.waitForFunction(() => document.querySelector('#new-posts')!.textContent === 'Show 10 new posts (3 older skipped)');
    expect(await page.$$('#tweet-container .tweet')).toHaveLength(0);

    await page.mouse.move(5, 5); // leaving the feed ends the reason to hold
    await expectCards(page, Array.from({ length: 10 }, (_, i) => `cats ${13 - i}`));
  });

  it('asks for batched delivery and the busy figures, and shows a tweetBatch in order, newest on top', async () => {
    const asked: unknown[] = [];
    web.server.io.on('connection', (socket) => asked.push(socket.handshake.auth));
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats');
    expect(asked).toEqual([{ batchMs: 100, stats: true }]);
    // The page receives the term through its batch room, not the plain one
    const rooms = web.server.io.of('/').adapter.rooms;
    expect(rooms.get('batch:100:term:*:cats')?.size).toBe(1);
    expect(rooms.has('term:*:cats')).toBe(false);
    for (const text of ['cats a', 'cats b', 'cats c']) web.server.source.push(text);
    await expectCards(page, ['cats c', 'cats b', 'cats a']);
  });

  it('marks the matched words with <mark> elements built from text nodes', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cat, red car');
    web.server.source.push('<b>Cat</b> and a RED car near #cat and catalog <img src=x onerror=alert(1)>');
    await page.waitForSelector('#tweet-container .tweet');
    const markup = await page.$eval('#tweet-container .tweet .text', (node) => ({
      marks: Array.from(node.querySelectorAll('mark'), (mark) => mark.textContent),
      kinds: Array.from(node.childNodes, (child) => child.nodeName),
      text: node.textContent,
    }));
    expect(markup.marks).toEqual(['Cat', 'RED', 'car', '#cat']);
    expect(markup.kinds.every((kind) => kind === '#text' || kind === 'MARK')).toBe(true);
    expect(markup.text).toBe('<b>Cat</b> and a RED car near #cat and catalog <img src=x onerror=alert(1)>');
    expect(await page.$$('#tweet-container img:not(.avatar)')).toHaveLength(0);
  });

  it('links each card to the original post and the author, and keeps its time current', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats');
    const created = new Date(Date.now() - 20_000).toISOString();
    web.server.source.push('cats again', {
      url: 'https://bsky.app/profile/tester/post/1',
      profile_url: 'https://bsky.app/profile/tester',
      created_at: created,
    });
    web.server.source.push('cats, but a bad link', { url: 'javascript:alert(1)', profile_url: 'javascript:alert(2)' });
    await page.waitForSelector('.tweet[data-id] + .tweet');
    const [bad, good] = await page.$$eval('#tweet-container .tweet', (cards) =>
      cards.map((card) => ({
        original: card.querySelector('a.original')?.getAttribute('href') ?? null,
        profile: card.querySelector('a.username')?.getAttribute('href') ?? null,
        title: card.querySelector('time')?.getAttribute('title') ?? '',
        time: card.querySelector('time')?.textContent ?? '',
      })),
    );
    expect(good!.original).toBe('https://bsky.app/profile/tester/post/1');
    expect(good!.profile).toBe('https://bsky.app/profile/tester');
    expect(good!.time).toMatch(/^\d+ s ago$/);
    expect(good!.title).not.toBe('');
    expect(bad).toMatchObject({ original: null, profile: null });

    // The ticker keeps it current: wait for the text to move on by itself
    await page.waitForFunction((before) => {
      const times = document.querySelectorAll('#tweet-container time');
      return times[1]!.textContent !== before;
    }, good!.time);
  });

  it('trims the feed to the slider value', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats');
    for (let n = 1; n <= 8; n += 1) web.server.source.push(`cats ${n}`);
    await expectCards(page, Array.from({ length: 8 }, (_, i) => `cats ${8 - i}`));

    await page.focus('#slider-track .min-slider-handle');
    for (let i = 0; i < 7; i += 1) await page.keyboard.press('ArrowLeft'); // 10 -> 3
    await page.waitForFunction(() => document.querySelector('#sliderValue')!.textContent === '3');
    await page.waitForFunction(() => document.querySelectorAll('#tweet-container .tweet').length === 3);
    await expectCards(page, ['cats 8', 'cats 7', 'cats 6']);

    web.server.source.push('cats 9');
    await expectCards(page, ['cats 9', 'cats 8', 'cats 7']);
    await page.waitForFunction(() => document.querySelectorAll('#tweet-container .tweet').length === 3);
  });
});

describe.skipIf(!chromiumPath)('reduced motion', () => {
  it('fades cards out with motion, and removes them at once without', async () => {
    for (const reducedMotion of ['no-preference', 'reduce'] as const) {
      const opened = await web.open('/', { reducedMotion });
      const { page } = opened;
      await search(page, 'cats');
      // Record every card that ever fades, from inside the page
      await page.evaluate(() => {
        const w = window as unknown as { faded: number };
        const seen = new WeakSet<Node>();
        w.faded = 0;
        new MutationObserver((records) => {
          for (const record of records) {
            if (seen.has(record.target) || !(record.target as HTMLElement).classList.contains('fadeOut')) continue;
            seen.add(record.target);
            w.faded += 1;
          }
        }).observe(document.querySelector('#tweet-container')!, { subtree: true, attributes: true, attributeFilter: ['class'] });
      });
      await page.focus('#slider-track .min-slider-handle');
      for (let i = 0; i < 8; i += 1) await page.keyboard.press('ArrowLeft'); // 10 -> 2
      web.server.source.push('cats 1');
      await expectCards(page, ['cats 1']);
      web.server.source.push('cats 2');
      await expectCards(page, ['cats 2', 'cats 1']);
      web.server.source.push('cats 3');
      await expectCards(page, ['cats 3', 'cats 2']);
      await page.waitForFunction(() => document.querySelectorAll('#tweet-container .tweet').length === 2);

      const faded = await page.evaluate(() => (window as unknown as { faded: number }).faded);
      const duration = await page.$eval('#tweet-container .tweet', (card) => getComputedStyle(card).transitionDuration);
      if (reducedMotion === 'reduce') {
        expect(faded).toBe(0);
        expect(duration).toBe('0s');
      } else {
        expect(faded).toBe(1);
        expect(duration).toBe('0.25s');
      }
      await page.context().close();
    }
  });
});
