/// <reference lib="dom" />
// The admin view in real Chromium: refused without the password, live with it (the
// figures move as posts flow, the feed shows hostile text as text), usable from the
// keyboard, no WCAG AA violations in light or dark, and screenshots at 1280 and 375 px.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { request, startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, collectErrors, getBrowser } from './support.ts';

const PASSWORD = 'correct horse battery';
const CREDENTIALS = { username: 'admin', password: PASSWORD };
const OUT = path.join(import.meta.dirname, '..', 'screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// A varied stream for the screenshots
const STREAM = [
  'Morning commute: the 8:15 is running ten minutes late again',
  'My cats have claimed the new sofa. Send help',
  'Release notes for v2.3 are out: faster search, fewer bugs',
  'Rain all afternoon; perfect weather for a long book',
  'Anyone else watching the match tonight? #football',
  'Shelter update: 12 dogs adopted this weekend!',
];

let server: TestServer;
beforeEach(async () => {
  // Ticks five times a second, so the figures move without a test waiting seconds
  server = await startServer(new ManualSource(), { admin: { password: PASSWORD, intervalMs: 200 } });
});
afterAll(closeBrowser);

interface Opened {
  page: Page;
  errors: string[];
}

/** Opens /admin in a fresh context (with the password unless told otherwise) and waits for its socket. */
async function openAdmin(options: BrowserContextOptions = {}, waitLive = true): Promise<Opened> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1280, height: 900 }, httpCredentials: CREDENTIALS, ...options });
  onTestFinished(() => context.close());
  const page = await context.newPage();
  const errors = await collectErrors(page);
  await page.goto(`${server.url}/admin`);
  if (waitLive) await page.waitForSelector('#connection[data-state="live"]');
  return { page, errors };
}

/** Pages following terms, and posts flowing until the admin view shows them. */
async function traffic(page: Page): Promise<void> {
  for (const term of ['cats', 'cats', 'dogs']) await request(await server.client(), 'updateTerm', term);
  server.source.push('cats on a warm windowsill');
  server.source.push('<img src=x onerror="document.title=\'pwned\'"> cats and dogs');
  server.source.push('nothing anyone follows');
  await page.waitForFunction(() => document.querySelectorAll('#feed-list .feed-item').length === 3);
  await page.waitForFunction(() => document.querySelector('#top-terms tr td')?.textContent === 'cats');
}

async function audit(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; nodes: Array<{ target: string[] }> };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })).violations;
  });
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.skipIf(!chromiumPath)('the admin view', () => {
  it('is refused without the password: the page, its token and its bundle', async () => {
    const context = await (await getBrowser()).newContext();
    onTestFinished(() => context.close());
    const page = await context.newPage();
    for (const url of ['/admin', '/admin/token', '/admin/build/admin.js']) {
      // Headless Chromium, with no one to ask for a password, ends a challenged navigation
      // with an error; the response it got is still seen
      const response = page.waitForResponse(`${server.url}${url}`);
      await page.goto(server.url + url).catch(() => undefined);
      expect((await response).status(), url).toBe(401);
      expect((await response).headers()['www-authenticate'], url).toBe('Basic realm="Stream Search admin", charset="UTF-8"');
    }
  });

  it('shows the figures moving as posts flow, and every post as text', async () => {
    const { page, errors } = await openAdmin();
    expect(await page.textContent('#upstream-state')).toBe('demo: Live');
    expect(await page.textContent('#pushes')).toBe('push API off');
    expect(await page.textContent('#nodes')).toContain('leader');
    await traffic(page);

    await page.waitForFunction(() => document.querySelector('#sockets')!.textContent === '3');
    expect(await page.textContent('#followed-terms')).toBe('2');
    expect(await page.$$eval('#top-terms tr', (rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent)))).toEqual([
      ['cats', 'any', '2'],
      ['dogs', 'any', '1'],
    ]);
    await page.waitForFunction(() => /^Posts in over the last/.test(document.querySelector('#posts-caption')!.textContent!));
    expect(await page.$$eval('#posts-chart rect', (rects) => rects.some((rect) => Number(rect.getAttribute('height')) > 0))).toBe(true);
    expect(await page.textContent('#feed-sampling')).toMatch(/^Showing (all \d+ posts of|the 1 post of) the last second\.$/);

    // The hostile post is its text on screen, and nothing ran
    const texts = await page.$$eval('#feed-list .feed-text', (nodes) => nodes.map((node) => node.textContent));
    expect(texts).toContain('<img src=x onerror="document.title=\'pwned\'"> cats and dogs');
    expect(await page.$('#feed-list img')).toBeNull();
    expect(await page.title()).toBe('Admin · Stream Search');
    expect(errors).toEqual([]);
  });

  it('shows the push API counts through the ingest seam', async () => {
    await server.close();
    server = await startServer(new ManualSource(), {
      admin: { password: PASSWORD, intervalMs: 200, ingest: () => ({ accepted: 12, duplicates: 1, rejected: 2, unauthorised: 3, rateLimited: 4 }) },
    });
    const { page } = await openAdmin();
    await page.waitForFunction(() => document.querySelector('#pushes')!.textContent!.startsWith('12 accepted'));
    expect(await page.textContent('#pushes')).toBe('12 accepted, 2 rejected (1 duplicates, 3 unauthorised, 4 rate-limited)');
  });

  it('can be used from the keyboard: skip link, pause and resume the feed, scroll the feed', async () => {
    const { page } = await openAdmin();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the live feed');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('feed');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('feed-toggle');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('#feed-toggle', 'aria-pressed')).toBe('true');
    expect(await page.textContent('#feed-toggle')).toBe('Resume the feed');
    server.source.push('arrives while paused');
    await page.waitForTimeout(500); // the feed ticks every 200 ms: a paused feed shows none of it
    expect(await page.$$eval('#feed-list .feed-item', (items) => items.length)).toBe(0);
    await page.keyboard.press('Space');
    expect(await page.getAttribute('#feed-toggle', 'aria-pressed')).toBe('false');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('feed-list');
  });

  for (const width of [1280, 375]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no WCAG AA violations at ${width} px in ${colorScheme} mode, and is screenshotted`, async () => {
        mkdirSync(OUT, { recursive: true });
        // The production tick (once a second) with a steady stream, so the sampling sentence is the real one
        await server.close();
        server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
        const { page, errors } = await openAdmin({ viewport: { width, height: 900 }, colorScheme, reducedMotion: 'reduce' });
        expect(await page.getAttribute('html', 'data-bs-theme')).toBe(colorScheme);
        expect(await audit(page)).toEqual([]);
        await traffic(page);
        let n = 0;
        const stream = setInterval(() => server.source.push(STREAM[n++ % STREAM.length]!), 20);
        onTestFinished(() => clearInterval(stream));
        await page.waitForFunction(() => /^Showing 10 of \d+ posts in the last second\.$/.test(document.querySelector('#feed-sampling')!.textContent!));
        await page.waitForFunction(() => document.querySelectorAll('#feed-list .feed-item').length >= 12);
        expect(await audit(page)).toEqual([]);
        // Nothing runs off the side of a phone
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await page.screenshot({ path: path.join(OUT, `admin-${width}-${colorScheme}.png`), fullPage: true });
        expect(errors).toEqual([]);
      });
    }
  }
});
