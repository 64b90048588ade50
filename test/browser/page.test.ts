// The lesson's page in real Chromium: search, cards, slider, Clear, Stop, and XSS.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let browser: Browser;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  if (chromiumPath) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  if (!chromiumPath) return;
  server = await startServer();
  page = await browser.newPage();
  await page.goto(server.url);
  await page.locator('#connection-status[data-state="live"]').waitFor();
});

afterEach(async () => {
  await page?.close();
});

async function search(term: string): Promise<void> {
  await page.fill('#searchTerm', term);
  await page.click('button[type=submit]');
  await page.locator('#toggle-button:not([hidden])').waitFor();
}

const cards = () => page.locator('#tweet-container .tweet:not(.fadeOut)');

describe.skipIf(!chromiumPath)('the search page', () => {
  it('shows matching posts as cards, newest first', async () => {
    await search('Cats');
    expect(await page.textContent('#search-term')).toBe('cats');
    server.source.push('first cats post', { name: 'Ada', screen_name: 'ada' });
    server.source.push('no match here');
    server.source.push('second cats post');
    await expect.poll(() => cards().count()).toBe(2);
    expect(await cards().locator('.text').allTextContents()).toEqual(['second cats post', 'first cats post']);
    expect(await cards().last().locator('.full-name').textContent()).toBe('Ada');
    expect(await cards().last().locator('.username').textContent()).toBe('@ada');
    await expect.poll(() => cards().first().evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
  });

  it('shows an error for a bad term and keeps working', async () => {
    await page.fill('#searchTerm', '!!!');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#term-error')).toBe('The search term needs at least one letter or number.');
    await search('dogs');
    expect(await page.textContent('#term-error')).toBe('');
  });

  it('trims the feed to the slider limit, at once when the slider is lowered', async () => {
    await search('cats');
    for (let i = 1; i <= 12; i += 1) server.source.push(`cats ${i}`);
    await expect.poll(() => cards().count()).toBe(10);
    expect(await cards().first().locator('.text').textContent()).toBe('cats 12');

    await page.focus('#slider-track .slider-handle');
    for (let i = 0; i < 7; i += 1) await page.keyboard.press('ArrowLeft');
    expect(await page.textContent('#sliderValue')).toBe('3');
    expect(await cards().count()).toBe(3);
    await expect.poll(() => page.locator('#tweet-container .tweet').count()).toBe(3);
    expect(await cards().locator('.text').allTextContents()).toEqual(['cats 12', 'cats 11', 'cats 10']);
  });

  it('empties the feed on Clear', async () => {
    await search('cats');
    server.source.push('cats 1');
    await expect.poll(() => cards().count()).toBe(1);
    await page.click('#clear-button');
    expect(await page.locator('#tweet-container .tweet').count()).toBe(0);
  });

  it('stops and restarts the stream with the toggle', async () => {
    await search('cats');
    await page.click('#toggle-button');
    await expect.poll(() => page.textContent('#toggle-button')).toBe('Start streaming');
    server.source.push('cats while stopped');
    server.source.push('sentinel');
    // The round trip of a second search proves the paused post would have arrived by now
    const other = await server.client();
    await new Promise((resolve) => other.emit('updateTerm', 'x', resolve));
    expect(await page.locator('#tweet-container .tweet').count()).toBe(0);

    await page.click('#toggle-button');
    await expect.poll(() => page.textContent('#toggle-button')).toBe('Stop streaming');
    server.source.push('cats after restart');
    await expect.poll(() => cards().locator('.text').allTextContents()).toEqual(['cats after restart']);
  });

  it('shows hostile text as text and never runs it', async () => {
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await search('cats');
    const hostile = '<img src=x onerror=alert(1)> cats';
    server.source.push(hostile, { name: '<b>bold</b>', screen_name: '<script>alert(2)</script>', user_profile_image: 'javascript:alert(3)', url: 'javascript:alert(4)' });
    await expect.poll(() => cards().count()).toBe(1);
    expect(await cards().locator('.text').textContent()).toBe(hostile);
    expect(await cards().locator('.full-name').textContent()).toBe('<b>bold</b>');
    expect(await page.locator('#tweet-container img:not(.avatar), #tweet-container b, #tweet-container script').count()).toBe(0);
    expect(await cards().locator('.avatar').getAttribute('src')).toBe('/avatars/default.svg');
    expect(await cards().locator('a.original').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  it('sends its term again after the connection drops and comes back', async () => {
    await search('cats');
    // Drop the transport under the page, as a network blip would; the page reconnects by itself
    for (const socket of server.io.sockets.sockets.values()) socket.conn.close();
    await expect.poll(() => page.getAttribute('#connection-status', 'data-state')).not.toBe('live');
    await expect.poll(() => server.hub.watchers('term:*:cats'), { timeout: 10_000 }).toBe(1);
    server.source.push('cats after reconnect');
    await expect.poll(() => cards().locator('.text').allTextContents()).toEqual(['cats after reconnect']);
  });
});
