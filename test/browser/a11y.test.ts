/// <reference lib="dom" />
// An automated accessibility audit (axe-core, WCAG 2 A and AA rules, contrast included)
// of the empty page and a live feed, light and dark, wide and narrow.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, expectCards, openPage, search } from './support.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  nodes: Array<{ target: string[] }>;
}

/** The page's WCAG 2 A/AA violations, as "rule: selectors" lines that read well in a failure. */
async function audit(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: the page's CSP rightly refuses an injected <script>
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterAll(closeBrowser);

describe.skipIf(!chromiumPath)('accessibility audit', () => {
  for (const width of [1280, 375]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`finds no WCAG AA violations at ${width} px in ${colorScheme} mode`, async () => {
        const { page } = await openPage(server, '/', { viewport: { width, height: 900 }, colorScheme, reducedMotion: 'reduce' });
        try {
          expect(await audit(page)).toEqual([]);
          await search(page, 'cats');
          server.source.push('cats on a warm windowsill #cats', { url: 'https://example.org/p/1', profile_url: 'https://example.org/@tester' });
          server.source.push('more cats', { source: 'push' }); // a pushed post's card wears its label
          await expectCards(page, ['more cats', 'cats on a warm windowsill #cats']);
          expect(await audit(page)).toEqual([]);
          await page.click('#toggle-button');
          await page.waitForSelector('#connection-status[data-state="paused"]');
          expect(await audit(page)).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});
