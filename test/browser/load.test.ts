/// <reference lib="dom" />
// The page under load: a replay file at 500 matching posts a second for 10 seconds.
// The feed must never hold more cards than the limit (counted from every DOM mutation,
// including cards fading out), Stop must take effect, and the page must show the real
// rate. The longest main-thread task is recorded as a benchmark figure, not asserted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSource } from '../../lib/sources/file.ts';
import { chromiumPath } from '../helpers/browser.ts';
import { settle, startServer } from '../helpers/server.ts';
import { closeBrowser, openPage, search } from './support.ts';

const RATE = 500; // matching posts per second
const DURATION = 10_000; // ms of load
const LIMIT = 10; // cards, the slider's default
const REPLAY_LINES = 200; // distinct posts in the replay file, looped
const TICK = 20; // ms between bursts; each burst catches up to RATE exactly

const dir = mkdtempSync(path.join(tmpdir(), 'stream-search-load-'));
afterAll(async () => {
  await closeBrowser();
  rmSync(dir, { recursive: true, force: true });
});

interface Probe {
  maxCards: number;
  addedAfterStop: number;
  stopped: boolean;
  loadStart: number; // performance.now() when the load began
  longest: number; // ms, the longest task during the load
  longTasks: number; // during the load
  longestBefore: number; // ms, the longest task while the page loaded and the search began
}

describe.skipIf(!chromiumPath)('500 matching posts a second', () => {
  it('keeps the limit, obeys Stop and shows the real rate', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'cats.jsonl');
    const lines = Array.from({ length: REPLAY_LINES }, (_, i) =>
      JSON.stringify({ id: `load-${i}`, text: `cats post number ${i} with some more words to wrap`, screen_name: `cat${i % 17}`, lang: 'en' }),
    );
    writeFileSync(file, lines.join('\n'));
    // The file source supplies the posts; the test paces them, because a 2 ms timer cannot keep 500/s
    const server = await startServer(new FileSource({ path: file, rate: 0.001 }));
    const { page, errors } = await openPage(server);
    try {
      await page.evaluate(() => {
        const probe: Probe = { maxCards: 0, addedAfterStop: 0, stopped: false, loadStart: Infinity, longest: 0, longTasks: 0, longestBefore: 0 };
        (window as unknown as { probe: Probe }).probe = probe;
        const feed = document.querySelector('#tweet-container')!;
        // Replays every mutation, so even a card that lives for a moment is counted
        let cards = feed.children.length;
        new MutationObserver((records) => {
          for (const record of records) {
            cards += record.addedNodes.length - record.removedNodes.length;
            probe.maxCards = Math.max(probe.maxCards, cards);
            if (probe.stopped) probe.addedAfterStop += record.addedNodes.length;
          }
        }).observe(feed, { childList: true });
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) {
            if (entry.startTime < probe.loadStart) {
              probe.longestBefore = Math.max(probe.longestBefore, entry.duration);
              continue;
            }
            probe.longTasks += 1;
            probe.longest = Math.max(probe.longest, entry.duration);
          }
        }).observe({ type: 'longtask', buffered: true });
      });

      await search(page, 'cats');
      await page.evaluate(() => ((window as unknown as { probe: Probe }).probe.loadStart = performance.now()));
      const started = Date.now();
      let emitted = 0;
      const pace = setInterval(() => {
        const due = Math.floor(((Date.now() - started) / 1000) * RATE);
        for (; emitted < due; emitted += 1) server.source.emit('post', server.source.next());
      }, TICK);
      await settle(DURATION);
      const seconds = (Date.now() - started) / 1000;
      const serverRate = (emitted / seconds) * 60; // per minute

      const shown = await page.textContent('#stat-rate');
      const pageRate = Number(shown?.replace(/\D/g, ''));

      // Stop: from the click on, nothing new may enter the feed (the load keeps coming)
      await page.evaluate(() => {
        document.addEventListener('click', () => ((window as unknown as { probe: Probe }).probe.stopped = true), { capture: true });
      });
      const clickedAt = Date.now();
      await page.click('#toggle-button');
      await page.waitForSelector('#connection-status[data-state="paused"]');
      const stopMs = Date.now() - clickedAt;
      const before = await page.$$eval('#tweet-container .tweet', (cards) => cards.map((card) => card.dataset.id));
      await settle(1000);
      const after = await page.$$eval('#tweet-container .tweet', (cards) => cards.map((card) => card.dataset.id));
      const probe = await page.evaluate(() => (window as unknown as { probe: Probe }).probe);
      clearInterval(pace);

      console.log(
        `[load] server ${Math.round(serverRate / 60)} matches/s; page shows "${shown}"; ` +
          `max cards ${probe.maxCards}/${LIMIT}; longest task during the load ${Math.round(probe.longest)} ms ` +
          `(${probe.longTasks} long tasks; ${Math.round(probe.longestBefore)} ms while loading the page); ` +
          `Stop click to paused ${stopMs} ms`,
      );
      expect(probe.maxCards).toBeLessThanOrEqual(LIMIT);
      expect(probe.maxCards).toBe(LIMIT); // the feed did fill, so the bound was really tested
      expect(after).toEqual(before);
      expect(probe.addedAfterStop).toBe(0);
      // The real rate, not what the feed had room for: within a third of what the server sent
      expect(pageRate).toBeGreaterThan(serverRate * 0.67);
      expect(pageRate).toBeLessThan(serverRate * 1.33);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
