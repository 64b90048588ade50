/// <reference lib="dom" />
// Searching in a real browser: mutes, the language filter, deep links with back and
// forward, and the whole path by keyboard alone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { expectCards, pageTests, search } from './support.ts';

const web = pageTests();

/** Waits until the server follows exactly these room keys. */
async function expectFollowed(keys: string[]): Promise<void> {
  await expect.poll(() => [...web.server.source.followed.keys()].sort()).toEqual([...keys].sort());
}

async function heading(page: Page): Promise<string> {
  return (await page.textContent('#search-term')) ?? '';
}

describe.skipIf(!chromiumPath)('search language', () => {
  it('hides posts with a muted word', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats -dogs');
    expect(await heading(page)).toBe('cats -dogs');
    web.server.source.push('cats chasing dogs');
    web.server.source.push('cats asleep');
    // Posts arrive in order, so the muted one would already be here
    await expectCards(page, ['cats asleep']);
  });

  it('sends the chosen language and shows only posts in it', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats', 'es');
    await expectFollowed(['term:es:cats']);
    web.server.source.push('cats in English', { lang: 'en' });
    web.server.source.push('cats en español', { lang: 'es' });
    await expectCards(page, ['cats en español']);
  });
});

describe.skipIf(!chromiumPath)('deep links', () => {
  it('opens /?q=cats&lang=en with that search running', async () => {
    const opened = await web.open('/?q=cats&lang=en');
    const { page } = opened;
    await page.waitForFunction(() => document.querySelector('#search-term')!.textContent === 'cats');
    await expectFollowed(['term:en:cats']);
    expect(await page.inputValue('#searchTerm')).toBe('cats');
    expect(await page.inputValue('#lang')).toBe('en');
    web.server.source.push('cats here', { lang: 'en' });
    await expectCards(page, ['cats here']);
  });

  it('keeps a deep link\'s language even when the list does not offer it', async () => {
    const opened = await web.open('/?q=cats&lang=sv');
    const { page } = opened;
    await expectFollowed(['term:sv:cats']);
    expect(await page.inputValue('#lang')).toBe('sv');
  });

  it('puts each search in the address bar, and back and forward move between them', async () => {
    const opened = await web.open();
    const { page } = opened;
    await search(page, 'cats', 'en');
    expect(await page.evaluate(() => location.search)).toBe('?q=cats&lang=en');
    await search(page, 'dogs');
    expect(await page.evaluate(() => location.search)).toBe('?q=dogs');
    await expectFollowed(['term:*:dogs']);

    await page.goBack();
    await page.waitForFunction(() => document.querySelector('#search-term')!.textContent === 'cats');
    await expectFollowed(['term:en:cats']);
    expect(await page.inputValue('#searchTerm')).toBe('cats');
    expect(await page.inputValue('#lang')).toBe('en');
    expect(await page.evaluate(() => location.search)).toBe('?q=cats&lang=en');

    await page.goForward();
    await page.waitForFunction(() => document.querySelector('#search-term')!.textContent === 'dogs');
    await expectFollowed(['term:*:dogs']);

    // All the way back to the bare page: nothing followed, the empty state again
    await page.goBack();
    await page.goBack();
    await page.waitForSelector('#empty-state:not([hidden])');
    await expectFollowed([]);
    expect(await page.isHidden('#toggle-button')).toBe(true);
  });
});

describe.skipIf(!chromiumPath)('keyboard', () => {
  /** Presses Tab until `selector` has focus; fails after `max` presses. */
  async function tabTo(page: Page, selector: string, max = 12): Promise<void> {
    for (let i = 0; i < max; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.$eval(selector, (el) => el === document.activeElement)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** The focused element shows a visible outline. */
  async function focusIsVisible(page: Page): Promise<boolean> {
    return page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    });
  }

  it('finds, follows, pauses and clears a search without a mouse', async () => {
    const opened = await web.open();
    const { page } = opened;

    await tabTo(page, '#tips-button');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.popover.search-tips');
    expect(await page.textContent('.popover.search-tips .popover-body')).toContain('A minus mutes');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.popover.search-tips', { state: 'detached' });

    await tabTo(page, '#searchTerm');
    await page.keyboard.type('cats');
    await tabTo(page, '#lang');
    await page.keyboard.press('ArrowDown'); // Any -> English
    await page.keyboard.press('Shift+Tab'); // back to Search
    expect(await page.$eval('#search-form button[type="submit"]', (el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#search-term')!.textContent === 'cats');
    await expectFollowed(['term:en:cats']);

    web.server.source.push('cats 1', { url: 'https://example.org/1' });
    await expectCards(page, ['cats 1']);

    await tabTo(page, '#toggle-button');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#connection-status[data-state="paused"]');
    await expectFollowed([]);
    await page.keyboard.press('Space');
    await page.waitForSelector('#connection-status[data-state="live"]');

    await tabTo(page, '#slider-track .min-slider-handle');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.querySelector('#sliderValue')!.textContent === '9');

    await tabTo(page, '#clear-button');
    await page.keyboard.press('Enter');
    await expectCards(page, []);
  });
});
