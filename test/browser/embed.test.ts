/// <reference lib="dom" />
// The embeddable live search in real Chromium, on pages served from other origins (a
// second and third local server): <stream-search> from /embed.js, and the iframe /embed.
// One host origin is in EMBED_ORIGINS, the other is not.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../helpers/browser.ts';
import { startHostSite, widgetPage, type HostSite } from '../helpers/host-page.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { closeBrowser, collectErrors, getBrowser } from './support.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HOSTILE_CSS = readFileSync(path.join(import.meta.dirname, '..', '..', 'public', 'stylesheets', 'embed-demo-hostile.css'), 'utf8');
const SCREENSHOTS = path.join(import.meta.dirname, '..', 'screenshots');
const WAIT = 10_000; // ms a page may take to show something, well under the test's own timeout

// What the tests compare between a plain host page and a hostile one (and with and without the widget)
const STYLE_PROPERTIES = [
  'display', 'color', 'background-color', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height',
  'letter-spacing', 'word-spacing', 'text-transform', 'text-align', 'text-decoration-line', 'white-space',
  'margin-top', 'margin-bottom', 'padding-top', 'padding-left', 'border-top-width', 'border-top-style', 'border-top-color', 'list-style-type',
];

interface Opened {
  page: Page;
  errors: string[]; // page errors, console errors and CSP violations
}

let site: HostSite; // in EMBED_ORIGINS
let stranger: HostSite; // not
let server: TestServer;
const contexts = new Set<{ close(): Promise<void> }>();

beforeAll(async () => {
  site = await startHostSite();
  stranger = await startHostSite();
});
beforeEach(async () => {
  server = await startServer(new ManualSource(), { limits: { embedOrigins: [site.origin] } });
});
afterEach(async () => {
  await Promise.all([...contexts].map((context) => context.close()));
  contexts.clear();
});
afterAll(closeBrowser);

async function open(url: string, options: BrowserContextOptions = {}): Promise<Opened> {
  const context = await (await getBrowser()).newContext({ viewport: { width: 800, height: 900 }, ...options });
  contexts.add(context);
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const errors = await collectErrors(page);
  await page.goto(url);
  return { page, errors };
}

/** Waits until the texts of `selector` inside the (first or `host`) element's shadow root are exactly `texts`. */
async function expectTexts(page: Page, selector: string, texts: string[], host = 'stream-search'): Promise<void> {
  await page
    .waitForFunction(
      ([host, selector, wanted]) => {
        const root = document.querySelector(host)?.shadowRoot;
        return root ? JSON.stringify(Array.from(root.querySelectorAll(selector), (node) => node.textContent)) === wanted : false;
      },
      [host, selector, JSON.stringify(texts)] as const,
    )
    .catch(async (err: Error) => {
      const seen = await page.evaluate(([host, selector]) => Array.from(document.querySelector(host)?.shadowRoot?.querySelectorAll(selector) ?? [], (n) => n.textContent), [host, selector] as const);
      throw new Error(`${selector}: wanted ${JSON.stringify(texts)}, saw ${JSON.stringify(seen)} (${err.message.split('\n')[0]})`);
    });
}

const element = (attributes: string) => `<stream-search ${attributes}><a href="https://search.example/?q=cats">Live posts for cats</a></stream-search>`;

async function embedCounts(): Promise<unknown> {
  return ((await (await fetch(`${server.url}/healthz`)).json()) as { embeds: unknown }).embeds;
}

describe.skipIf(!chromiumPath)('<stream-search> on another site', () => {
  it('shows live matches newest first, trimmed to limit, with marks, links and the viewer count going 1, 2, 1', async () => {
    site.serve('/', { body: widgetPage(server.url, element('term="cats" limit="3"')) });
    const one = await open(`${site.origin}/`);
    await expectTexts(one.page, '.watching', ['1 watching']);
    expect(await one.page.locator('stream-search > a').isVisible()).toBe(false); // the fallback, hidden once upgraded
    expect(await embedCounts()).toEqual({ [site.origin]: 1 });

    server.source.push('cats 1');
    server.source.push('dogs only');
    server.source.push('cats 2', { url: 'https://bsky.app/profile/tester/post/2' });
    server.source.push('cats 3');
    server.source.push('cats 4');
    await expectTexts(one.page, '.post .text', ['cats 4', 'cats 3', 'cats 2']);
    await expectTexts(one.page, '.post mark', ['cats', 'cats', 'cats']);
    await expectTexts(one.page, '.post .link', ['Original post by @tester']);
    expect(await one.page.locator('stream-search .link').getAttribute('href')).toBe('https://bsky.app/profile/tester/post/2');
    expect(await one.page.locator('stream-search .more').getAttribute('href')).toBe(`${server.url}/?q=cats`);

    const two = await open(`${site.origin}/`);
    await expectTexts(two.page, '.watching', ['2 watching']);
    await expectTexts(one.page, '.watching', ['2 watching']);
    expect(await embedCounts()).toEqual({ [site.origin]: 2 });
    await two.page.context().close();
    await expectTexts(one.page, '.watching', ['1 watching']);
    expect(await embedCounts()).toEqual({ [site.origin]: 1 });
    expect(one.errors).toEqual([]);
  });

  it('follows a changed term attribute and trims to a changed limit', async () => {
    site.serve('/', { body: widgetPage(server.url, element('term="cats" limit="5"')) });
    const { page, errors } = await open(`${site.origin}/`);
    await expectTexts(page, '.watching', ['1 watching']);
    server.source.push('cats before');
    await expectTexts(page, '.post .text', ['cats before']);

    await page.evaluate(() => document.querySelector('stream-search')!.setAttribute('term', 'Dogs'));
    await expectTexts(page, '.title', ['Live posts for “dogs”']);
    await expectTexts(page, '.post .text', []);
    expect([...server.source.followed.keys()].some((key) => key.includes('dogs'))).toBe(true);
    server.source.push('cats after');
    server.source.push('dogs 1');
    server.source.push('dogs 2');
    server.source.push('dogs 3');
    await expectTexts(page, '.post .text', ['dogs 3', 'dogs 2', 'dogs 1']);
    expect(await page.locator('stream-search .more').getAttribute('href')).toBe(`${server.url}/?q=dogs`);

    await page.evaluate(() => document.querySelector('stream-search')!.setAttribute('limit', '2'));
    await expectTexts(page, '.post .text', ['dogs 3', 'dogs 2']);
    expect(errors).toEqual([]);
  });

  it('leaves its own content as the fallback where scripts are off, as the iframe page does', async () => {
    site.serve('/', { body: widgetPage(server.url, element('term="cats"')) });
    const { page } = await open(`${site.origin}/`, { javaScriptEnabled: false });
    expect(await page.locator('stream-search > a').isVisible()).toBe(true);
    const frame = await open(`${server.url}/embed?q=cats&lang=en`, { javaScriptEnabled: false });
    const fallback = frame.page.locator('stream-search > a');
    expect(await fallback.textContent()).toBe('Live posts for “cats” on Stream Search');
    expect(await fallback.getAttribute('href')).toBe('/?q=cats&lang=en');
    expect(server.io.of('/').sockets.size).toBe(0);
  });

  it('gets no socket on a site not in EMBED_ORIGINS, and says so in plain words', async () => {
    stranger.serve('/', { body: widgetPage(server.url, element('term="cats"')) });
    const { page } = await open(`${stranger.origin}/`);
    await expectTexts(page, '.status', [`This site is not allowed to show live searches from ${new URL(server.url).host}.`]);
    expect(server.io.of('/').sockets.size).toBe(0);
    expect(server.socketIO.handshake.connections).toBe(0);
    expect(await embedCounts()).toEqual({});
  });

  it('keeps untrusted post text inert inside the Shadow DOM', async () => {
    site.serve('/', { body: widgetPage(server.url, element('term="cats"')) });
    const { page, errors } = await open(`${site.origin}/`);
    await expectTexts(page, '.watching', ['1 watching']);
    const hostile = 'cats <img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold</b> &amp;';
    server.source.push(hostile, { name: '<img src=y onerror="window.pwned=3">', url: 'javascript:window.pwned=4' });
    await expectTexts(page, '.post .text', [hostile]);
    const inside = await page.evaluate(() => {
      const root = document.querySelector('stream-search')!.shadowRoot!;
      return { elements: root.querySelectorAll('img, script, b').length, links: root.querySelectorAll('.link').length, author: root.querySelector('.author')!.textContent };
    });
    expect(inside).toEqual({ elements: 0, links: 0, author: '<img src=y onerror="window.pwned=3">' });
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('works on a host page whose CSP allows only our script and our socket', async () => {
    const ws = server.url.replace(/^http/, 'ws');
    // img-src data: is for the host page's own icon (widgetPage); the widget needs only the other two
    const policy = `default-src 'none'; img-src data:; script-src ${server.url}; connect-src ${ws} ${server.url}`;
    site.serve('/', { body: widgetPage(server.url, element('term="cats"')), headers: { 'Content-Security-Policy': policy } });
    const { page, errors } = await open(`${site.origin}/`);
    await expectTexts(page, '.watching', ['1 watching']);
    server.source.push('cats under a strict policy');
    await expectTexts(page, '.post .text', ['cats under a strict policy']);
    // The constructed stylesheet applies under default-src 'none' (no style-src needed)
    const padding = await page.evaluate(() => getComputedStyle(document.querySelector('stream-search')!.shadowRoot!.querySelector('.root')!).paddingTop);
    expect(padding).toBe('12px');
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!chromiumPath)('styles across the shadow boundary', () => {
  /** The computed styles of every part in the widget, in order. */
  const partStyles = (page: Page) =>
    page.evaluate((properties) => {
      const root = document.querySelector('stream-search')!.shadowRoot!;
      return Array.from(root.querySelectorAll('[part]'), (node) => {
        const style = getComputedStyle(node);
        return [node.getAttribute('part'), ...properties.map((name) => style.getPropertyValue(name))].join(' | ');
      });
    }, STYLE_PROPERTIES);

  /** The computed styles of the host page's own elements. */
  const probeStyles = (page: Page) =>
    page.evaluate(
      (properties) =>
        Array.from(document.querySelectorAll('.probe'), (node) => {
          const style = getComputedStyle(node);
          return [node.tagName, ...properties.map((name) => style.getPropertyValue(name))].join(' | ');
        }),
      STYLE_PROPERTIES,
    );

  it("lets the host page's hostile CSS change nothing inside the widget", async () => {
    site.serve('/hostile.css', { body: HOSTILE_CSS, type: 'text/css' });
    site.serve('/plain', { body: widgetPage(server.url, element('term="cats"')) });
    site.serve('/hostile', { body: widgetPage(server.url, element('term="cats"'), '<link rel="stylesheet" href="/hostile.css">') });
    const plain = await open(`${site.origin}/plain`);
    const hostile = await open(`${site.origin}/hostile`);
    await expectTexts(plain.page, '.watching', ['2 watching']);
    await expectTexts(hostile.page, '.watching', ['2 watching']);
    server.source.push('cats in both', { url: 'https://bsky.app/profile/tester/post/9' });
    for (const { page } of [plain, hostile]) await expectTexts(page, '.post .text', ['cats in both']);
    // The hostile sheet did apply to the page itself
    expect(await hostile.page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontSize)).toBe('64px');
    const expected = await partStyles(plain.page);
    expect(expected.length).toBeGreaterThan(8);
    expect(await partStyles(hostile.page)).toEqual(expected);
  });

  it("leaks none of the widget's styles into the host page", async () => {
    const probes = '<p class="probe root">p</p><mark class="probe">m</mark><a class="probe more" href="#x">a</a><ol class="probe list"><li class="probe post">li</li></ol><span class="probe text status">s</span>';
    site.serve('/with', { body: widgetPage(server.url, `${element('term="cats"')}${probes}`) });
    site.serve('/without', { body: widgetPage(server.url, probes).replace(/<script type="module"[^>]*><\/script>/, '') });
    const withWidget = await open(`${site.origin}/with`);
    const without = await open(`${site.origin}/without`);
    await expectTexts(withWidget.page, '.watching', ['1 watching']);
    expect(await without.page.evaluate(() => customElements.get('stream-search'))).toBeUndefined();
    expect(await probeStyles(withWidget.page)).toEqual(await probeStyles(without.page));
  });
});

describe.skipIf(!chromiumPath)('the iframe /embed', () => {
  const framePage = (app: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Frames</title></head>
<body><main><iframe id="frame" src="${app}/embed?q=cats&amp;limit=2" title="Live posts for cats"></iframe></main>
<script>
  window.heights = [];
  window.addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(app)}) return;
    if (event.data && event.data.type === 'stream-search:height') window.heights.push(event.data.height);
  });
</script></body></html>`;

  it('shows the live search in a frame on an allowed site and posts its height as it grows', async () => {
    site.serve('/frame', { body: framePage(server.url) });
    const { page } = await open(`${site.origin}/frame`);
    const frame = page.frameLocator('#frame');
    await frame.locator('stream-search .watching').filter({ hasText: '1 watching' }).waitFor();
    await page.waitForFunction(() => (window as unknown as { heights: number[] }).heights.length > 0);
    const before = await page.evaluate(() => (window as unknown as { heights: number[] }).heights.at(-1)!);
    server.source.push('cats in a frame');
    await frame.locator('stream-search .post .text').filter({ hasText: 'cats in a frame' }).waitFor();
    await page.waitForFunction((before) => (window as unknown as { heights: number[] }).heights.at(-1)! > before, before);
  });

  it('is refused by the browser on a site not in EMBED_ORIGINS', async () => {
    stranger.serve('/frame', { body: framePage(server.url) });
    const { page, errors } = await open(`${stranger.origin}/frame`);
    await expect.poll(() => errors.some((error) => error.includes('frame-ancestors'))).toBe(true);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
    expect(await frame.evaluate(() => document.querySelector('stream-search'))).toBeNull();
    expect(server.io.of('/').sockets.size).toBe(0);
  });
});

describe.skipIf(!chromiumPath)('accessibility of the widget', () => {
  interface Violation {
    id: string;
    nodes: Array<{ target: string[] }>;
  }
  for (const theme of ['light', 'dark'] as const) {
    it(`finds no WCAG AA violations in the ${theme} theme`, async () => {
      site.serve('/', { body: widgetPage(server.url, element(`term="cats" theme="${theme}"`)) });
      const { page } = await open(`${site.origin}/`, { colorScheme: theme, reducedMotion: 'reduce' });
      await expectTexts(page, '.watching', ['1 watching']);
      server.source.push('cats on a warm windowsill #cats', { url: 'https://bsky.app/profile/tester/post/1' });
      server.source.push('more cats');
      await expectTexts(page, '.post .text', ['more cats', 'cats on a warm windowsill #cats']);
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
        return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })).violations;
      });
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
});

describe.skipIf(!chromiumPath)('GET /embed/demo', () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [1280, 375]) {
    it(`shows both forms on a hostile page at ${width} px, with no CSP violation`, async () => {
      const { page, errors } = await open(`${server.url}/embed/demo`, { viewport: { width, height: 900 } });
      const frame = page.frameLocator('#embed-frame');
      await expectTexts(page, '.watching', ['2 watching']);
      await frame.locator('stream-search .watching').filter({ hasText: '2 watching' }).waitFor();
      const posts = [
        ['My cats have claimed the new sofa. Send help', 'Ada Park', 'adapark'],
        ['Shelter update: 12 cats adopted this weekend! #cats', 'City Shelter', 'cityshelter'],
        ['Documentary night: big cats of the Serengeti.', 'Film Club', 'filmclub'],
      ] as const;
      for (const [text, name, handle] of posts) server.source.push(text, { name, screen_name: handle, url: `https://bsky.app/profile/${handle}/post/1` });
      await expectTexts(page, '.post .author', ['Film Club', 'City Shelter', 'Ada Park']);
      await frame.locator('stream-search .post .author').filter({ hasText: 'Ada Park' }).waitFor();
      // The host's listener sized the frame from its height messages
      await page.waitForFunction(() => Number.parseFloat(document.querySelector<HTMLIFrameElement>('#embed-frame')!.style.height) > 300);
      await page.screenshot({ path: path.join(SCREENSHOTS, `embed-demo-${width}.png`), fullPage: true });
      expect(errors).toEqual([]);
    });
  }
});
