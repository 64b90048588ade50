/// <reference lib="dom" />
// What the page says about the stream: viewers per term, its states (connecting, live,
// paused, reconnecting with a countdown, upstream error), the empty state, the demo
// badge and the batched screen-reader announcements.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, expectCards, openPage, search, type Opened } from './support.ts';

const pages: Opened[] = [];

afterEach(async () => {
  for (const { page } of pages.splice(0)) await page.context().close().catch(() => {});
});
afterAll(closeBrowser);

async function open(server: Pick<TestServer, 'url'>, path = '/'): Promise<Page> {
  const opened = await openPage(server, path);
  pages.push(opened);
  return opened.page;
}

function waitForText(page: Page, selector: string, text: string | RegExp): Promise<unknown> {
  return page.waitForFunction(
    ([selector, source, flags]) => new RegExp(source!, flags).test(document.querySelector(selector!)?.textContent ?? ''),
    [selector, typeof text === 'string' ? `^${text}$` : text.source, typeof text === 'string' ? '' : text.flags],
  );
}

describe.skipIf(!chromiumPath)('watching now', () => {
  it('counts the pages on the same term, live, as a second page joins and leaves', async () => {
    const server = await startServer();
    const first = await open(server);
    await search(first, 'cats');
    await waitForText(first, '#stat-watchers', '1');

    const second = await open(server);
    await search(second, 'cats');
    await waitForText(first, '#stat-watchers', '2');
    await waitForText(second, '#stat-watchers', '2');

    await second.context().close();
    await waitForText(first, '#stat-watchers', '1');
  });

  it('counts matches per minute and posts scanned since the search began', async () => {
    const server = await startServer();
    const page = await open(server);
    server.source.push('before the search');
    await search(page, 'cats');
    server.source.push('cats one');
    server.source.push('dogs only');
    await expectCards(page, ['cats one']);
    await waitForText(page, '#stat-scanned', '2'); // the post before the search is not counted
    await waitForText(page, '#stat-rate', /^\d+ per minute$/);
  });
});

describe.skipIf(!chromiumPath)('states', () => {
  it('explains what to type before the first search, and marks demo data', async () => {
    const server = await startServer();
    const page = await open(server);
    expect(await page.isVisible('#empty-state')).toBe(true);
    expect(await page.textContent('#empty-state')).toContain('Type a word');
    expect(await page.textContent('#demo-badge')).toBe('Demo data, not real posts');
    await page.waitForSelector('#connection-status[data-state="live"]');
  });

  it('shows the upstream reconnecting with a countdown, then an error, then live again', async () => {
    const server = await startServer();
    const page = await open(server);
    await search(page, 'cats');

    server.source.announce('reconnecting', 'The stream dropped.', 4000);
    await page.waitForSelector('#connection-status[data-state="reconnecting"]');
    await waitForText(page, '#state-detail', /^The stream dropped\. Retrying in [34] s\.$/);
    await waitForText(page, '#state-detail', /Retrying in [12] s\.$/); // it counts down by itself

    server.source.announce('error', 'The stream is unavailable right now.');
    await page.waitForSelector('#connection-status[data-state="error"]');
    await waitForText(page, '#state-detail', 'The stream is unavailable right now.');
    expect(await page.textContent('#connection-status')).toBe('Stream unavailable');

    server.source.announce('live');
    await page.waitForSelector('#connection-status[data-state="live"]');
    await waitForText(page, '#state-detail', '');
  });

  it('counts down to the next try when the server goes away, and resumes the search when it is back', async () => {
    const server = await startServer();
    const page = await open(server);
    await search(page, 'cats');
    await page.click('#toggle-button');
    await page.waitForSelector('#connection-status[data-state="paused"]');
    await page.click('#toggle-button');
    await page.waitForSelector('#connection-status[data-state="live"]');

    const port = Number(new URL(server.url).port);
    await server.close(); // on purpose: the page must see the server go away
    await page.waitForSelector('#connection-status[data-state="reconnecting"]');
    await waitForText(page, '#state-detail', /^Lost the connection to the server\. Retrying (in \d+ s\.|now…)$/);

    const source = new ManualSource();
    await startServer(source, { port }); // closed with the test, like the first
    await page.waitForSelector('#connection-status[data-state="live"]', { timeout: 15_000 });
    await expect.poll(() => [...source.followed.keys()]).toEqual(['term:*:cats']);
    source.push('cats are back');
    await expectCards(page, ['cats are back']);
  });
});

describe.skipIf(!chromiumPath)('announcements', () => {
  it('announces new matches politely, in one batch rather than per post', async () => {
    const server = await startServer();
    const page = await open(server);
    expect(await page.getAttribute('#announcer', 'aria-live')).toBe('polite');
    await search(page, 'cats');
    await page.evaluate(() => {
      const w = window as unknown as { said: string[] };
      w.said = [];
      const region = document.querySelector('#announcer')!;
      new MutationObserver(() => w.said.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });
    for (const n of [1, 2, 3]) server.source.push(`cats ${n}`);
    await expectCards(page, ['cats 3', 'cats 2', 'cats 1']);
    await page.waitForFunction(() => (window as unknown as { said: string[] }).said.length > 0, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { said: string[] }).said)).toEqual(['3 new posts.']);
  });
});
