/// <reference lib="dom" />
// The live chart beside the figures: it appears with a search, grows with the posts the
// page receives, and says its figure as a sentence.
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { expectCards, pageTests, search } from './support.ts';

const web = pageTests();

describe.skipIf(!chromiumPath)('the matches chart', () => {
  it('draws the posts received this minute as the last bar and says how many', async () => {
    const opened = await web.open();
    const { page } = opened;
    // Half way through a minute, and held there, so the three posts cannot straddle two bars
    await page.clock.setFixedTime(new Date('2026-11-29T08:00:30Z'));
    expect(await page.isHidden('#rate-chart')).toBe(true);
    await search(page, 'cats');
    expect(await page.isVisible('#rate-chart')).toBe(true);
    expect(await page.textContent('#rate-chart-text')).toBe('Matches per minute, last 30 minutes: 0 matches so far this minute.');

    for (const n of [1, 2, 3]) web.server.source.push(`cats ${n}`);
    await expectCards(page, ['cats 3', 'cats 2', 'cats 1']);
    await page.waitForFunction(() => document.querySelector('#rate-chart-text')!.textContent === 'Matches per minute, last 30 minutes: 3 matches so far this minute.');
    const bars = await page.$$eval('#rate-chart-bars rect', (rects) => rects.map((rect) => Number(rect.getAttribute('height'))));
    expect(bars).toHaveLength(30);
    expect(bars.at(-1)).toBe(60);
    expect(bars.slice(0, -1).every((height) => height === 0)).toBe(true);
    expect(await page.getAttribute('#rate-chart-bars', 'aria-hidden')).toBe('true'); // the sentence speaks for it
  });
});
