/// <reference lib="dom" />
// The page under its Content-Security-Policy in real Chromium. Styles and fonts come only
// from our origin, so a `style="…"` attribute in markup or set with setAttribute is
// refused; what scripts write through CSSOM (`element.style.left = …`, as bootstrap-slider,
// Popper and jQuery do) is not covered by style-src and still applies. Every step of the
// page runs here with no violation reported.
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { expectCards, pageTests, search } from './support.ts';

const web = pageTests({ expectNoErrors: false }); // each test checks the violations itself

describe.skipIf(!chromiumPath)('the Content-Security-Policy', () => {
  it('lets the page search, show cards, slide, open its tips and pause without one violation', async () => {
    const opened = await web.open();
    const { page, errors } = opened;
    await search(page, 'cats');
    for (let n = 1; n <= 5; n += 1) web.server.source.push(`cats ${n}`);
    await expectCards(page, ['cats 5', 'cats 4', 'cats 3', 'cats 2', 'cats 1']);

    // The slider moves its handle by writing element.style: that still applies
    const handleLeft = () => page.$eval('#slider-track .min-slider-handle', (handle) => (handle as HTMLElement).style.left);
    const before = await handleLeft();
    await page.focus('#slider-track .min-slider-handle');
    for (let i = 0; i < 7; i += 1) await page.keyboard.press('ArrowLeft'); // 10 -> 3
    await page.waitForFunction(() => document.querySelector('#sliderValue')!.textContent === '3');
    expect(await handleLeft()).not.toBe(before);
    await expectCards(page, ['cats 5', 'cats 4', 'cats 3']);

    // Popper places the tips with element.style too
    await page.click('#tips-button');
    await page.waitForSelector('.popover.search-tips.show');
    expect(await page.$eval('.popover.search-tips', (tip) => (tip as HTMLElement).style.transform || (tip as HTMLElement).style.inset)).not.toBe('');
    await page.keyboard.press('Escape');

    await page.click('#toggle-button');
    await page.waitForFunction(() => document.querySelector('#toggle-button')!.textContent === 'Start streaming');
    expect(errors).toEqual([]);
  });

  it('refuses a style attribute, and reports it', async () => {
    const opened = await web.open();
    const { page, errors } = opened;
    const color = await page.evaluate(() => {
      const probe = document.createElement('p');
      probe.setAttribute('style', 'color: rgb(255, 0, 0)');
      document.body.append(probe);
      return getComputedStyle(probe).color;
    });
    expect(color).not.toBe('rgb(255, 0, 0)');
    await expect.poll(() => errors.some((error) => error.includes('style-src'))).toBe(true);
  });
});
