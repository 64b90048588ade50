/// <reference lib="dom" />
// Resuming after a dropped connection, in real Chromium: the page remembers the cursor of
// the last post it received, sends it as `since` when it follows its term again, and the
// server replays what the page missed, so the feed holds every post exactly once.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, cardTexts, expectCards, openPage, recordCards, search, type Opened } from './support.ts';

const PUMP_EVERY = 120; // ms between posts while the connection is down and coming back
const PUMP_MAX = 14; // posts the pump sends at most, so that every post fits the feed
const FEED_LIMIT = 20; // cards, the slider's highest value

let opened: Opened | null = null;
afterEach(async () => {
  await opened?.page.context().close();
  opened = null;
});
afterAll(closeBrowser);

async function widenFeed(page: Page): Promise<void> {
  await page.focus('#slider-track .min-slider-handle');
  for (let i = 0; i < FEED_LIMIT; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((limit) => document.querySelector('#sliderValue')!.textContent === String(limit), FEED_LIMIT);
}

describe.skipIf(!chromiumPath)('resuming after a dropped connection', () => {
  it('shows every post exactly once when the connection drops while posts keep flowing', async () => {
    const server = await startServer();
    opened = await openPage(server);
    const { page, errors } = opened;
    await widenFeed(page);
    await search(page, 'cats');
    const shown = await recordCards(page, '.text');
    server.source.push('cats 1');
    server.source.push('cats 2');
    await expectCards(page, ['cats 2', 'cats 1']);

    // Drop the transport under the page, as a network blip would, and keep posting
    // until the page is back (and a little after), with a post for another term between
    const sent = ['cats 1', 'cats 2'];
    let n = 3;
    const pump = setInterval(() => {
      if (n - 3 >= PUMP_MAX) return;
      server.source.push('dogs only');
      server.source.push(`cats ${n}`);
      sent.push(`cats ${n++}`);
    }, PUMP_EVERY);
    try {
      for (const socket of server.io.sockets.sockets.values()) socket.conn.close();
      await page.waitForSelector('#connection-status[data-state="reconnecting"]');
      await page.waitForSelector('#connection-status[data-state="live"]', { timeout: 15_000 });
      await expect.poll(() => server.hub.watchers('term:*:cats'), { timeout: 10_000 }).toBe(1);
      const back = n;
      await expect.poll(() => n, { timeout: 10_000 }).toBeGreaterThanOrEqual(Math.min(back + 2, PUMP_MAX + 3));
    } finally {
      clearInterval(pump);
    }
    server.source.push('cats last');
    sent.push('cats last');

    await expectCards(page, [...sent].reverse());
    expect(await shown()).toEqual(sent); // none shown twice, even for a moment
    expect(await cardTexts(page)).toHaveLength(sent.length);
    expect(await page.textContent('#skipped-notice')).toBe('');
    expect(errors).toEqual([]);
  });

  it('says that posts may be missing when the server it comes back to never saw its cursor', async () => {
    const server = await startServer();
    opened = await openPage(server);
    const { page, errors } = opened;
    await search(page, 'cats');
    server.source.push('cats before the restart');
    await expectCards(page, ['cats before the restart']);

    const port = Number(new URL(server.url).port);
    await server.close(); // a restarted server starts with an empty window
    await page.waitForSelector('#connection-status[data-state="reconnecting"]');
    const source = new ManualSource();
    const restarted = await startServer(source, { port });
    await expect.poll(() => restarted.hub.watchers('term:*:cats'), { timeout: 15_000 }).toBe(1);
    await page.waitForFunction(() => document.querySelector('#skipped-notice')!.textContent !== '');
    expect(await page.textContent('#skipped-notice')).toBe('Some posts from while the connection was down are no longer available.');
    source.push('cats after the restart');
    await expectCards(page, ['cats after the restart', 'cats before the restart']);
    // Chromium logs each refused try while the server was down; nothing else may go wrong
    expect(errors.filter((error) => !error.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
  });
});
