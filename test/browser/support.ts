/// <reference lib="dom" />
// Shared steps for the page's browser tests: one Chromium per file, a fresh page per
// test, and small waits on what the page shows (never on the clock).
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { launchBrowser } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

export interface Opened {
  page: Page;
  errors: string[]; // uncaught page errors, console errors and CSP violations, which every test expects to stay empty
}

let browser: Browser | null = null;

export async function getBrowser(): Promise<Browser> {
  browser ??= await launchBrowser();
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export interface PageTests {
  /** This test's server, on a ManualSource. */
  readonly server: TestServer;
  /** Opens the page at `path` on it, closed when the test ends. */
  open(path?: string, options?: BrowserContextOptions): Promise<Opened>;
}

/**
 * For a file whose every test opens the page on a fresh server: starts the server before
 * each test, closes the test's page after it and (unless the file checks them itself)
 * expects it saw no error, and closes Chromium once the file is done.
 */
export function pageTests({ expectNoErrors = true }: { expectNoErrors?: boolean } = {}): PageTests {
  let server: TestServer | null = null;
  let opened: Opened | null = null;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    await opened?.page.context().close();
    opened = null;
    if (expectNoErrors) expect(errors).toEqual([]);
  });
  afterAll(closeBrowser);
  return {
    get server() {
      return server!;
    },
    async open(path = '/', options = {}) {
      opened = await openPage(server!, path, options);
      return opened;
    },
  };
}

/**
 * Everything that goes wrong on `page` from now on, as it happens: uncaught errors, console
 * errors, and anything the Content-Security-Policy refuses (reported by the page itself).
 * Call it before the first goto.
 */
export async function collectErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => errors.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation: (text: string) => void }).reportViolation;
      report(`CSP refused ${event.blockedURI || 'inline'} (${event.violatedDirective})${event.sample ? `: ${event.sample}` : ''}`);
    });
  });
  return errors;
}

/**
 * Every card the page ever put in the feed, in arrival order, including any it later
 * removed: the text of `selector` inside each card, or its `data-id` without one.
 */
export async function recordCards(page: Page, selector: string | null = null): Promise<() => Promise<string[]>> {
  await page.evaluate((selector) => {
    const shown: string[] = [];
    (window as unknown as { shownCards: string[] }).shownCards = shown;
    const read = (card: HTMLElement): string => (selector === null ? card.getAttribute('data-id') ?? '' : card.querySelector(selector)?.textContent ?? '');
    new MutationObserver((records) => {
      for (const record of records) {
        // Added together, newest on top: read bottom up to keep arrival order
        const added = [...record.addedNodes].reverse();
        for (const node of added) if (node instanceof HTMLElement) shown.push(read(node));
      }
    }).observe(document.querySelector('#tweet-container')!, { childList: true });
  }, selector);
  return () => page.evaluate(() => [...(window as unknown as { shownCards: string[] }).shownCards]);
}

/** Opens the page at `path` in a new context and waits until its socket is connected. */
export async function openPage(server: Pick<TestServer, 'url'>, path = '/', options: BrowserContextOptions = {}): Promise<Opened> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = await collectErrors(page);
  await page.goto(server.url + path);
  await page.waitForSelector('#connection-status:not([data-state="connecting"])');
  return { page, errors };
}

/** Types a term, optionally picks a language, presses Search and waits until the server confirmed it. */
export async function search(page: Page, term: string, lang = '', confirmed = term.trim().toLowerCase()): Promise<void> {
  await page.fill('#searchTerm', term);
  await page.selectOption('#lang', lang);
  await page.click('#search-form button[type="submit"]');
  await page.waitForFunction(
    ([term, lang]) => {
      const heading = document.querySelector<HTMLElement>('#feed-heading')!;
      return heading.dataset.term === term && heading.dataset.lang === lang;
    },
    [confirmed, lang],
  );
}

/** The texts of the cards on screen, top first (cards fading out excluded). */
export function cardTexts(page: Page): Promise<string[]> {
  return page.$$eval('#tweet-container .tweet:not(.fadeOut) .text', (nodes) => nodes.map((node) => node.textContent ?? ''));
}

/** Waits until the feed shows exactly these texts, top first. */
export async function expectCards(page: Page, texts: string[]): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('#tweet-container .tweet:not(.fadeOut) .text'), (node) => node.textContent),
      ) === JSON.stringify(wanted),
    texts,
  );
}
