// routes/embed.ts: the widget module with CORS, the iframe page (the only page another
// site may frame), the demo page, and the access check the widget asks after a refusal.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';

const BLOG = 'https://blog.example';
const MODULE_BUDGET = 30 * 1024; // bytes gzipped, the Socket.IO client included (issue 12)

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Record<string, string[]> {
  return Object.fromEntries((header ?? '').split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('GET /embed.js', () => {
  it('is an ES module any site may load (CORS), cached briefly and revalidated', async () => {
    const server = await startServer(undefined, { limits: { embedOrigins: [BLOG] } });
    const response = await fetch(`${server.url}/embed.js`, { headers: { Origin: 'https://elsewhere.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('etag')).toBeTruthy();
    const body = await response.text();
    expect(body).toContain('stream-search');
    expect(body).toContain('import.meta.url');
  });

  it(`stays under ${MODULE_BUDGET / 1024} KB gzipped, with the Socket.IO client and no jQuery or Bootstrap`, async () => {
    const server = await startServer();
    const body = await (await fetch(`${server.url}/embed.js`)).text();
    expect(gzipSync(body).length).toBeLessThan(MODULE_BUDGET);
    expect(body).toContain('socket.io'); // the client's default path, bundled in
    expect(body).not.toMatch(/jQuery|bootstrap/i);
  });
});

describe('GET /embed', () => {
  it('may be framed by this app and the embed origins only, with no X-Frame-Options', async () => {
    const server = await startServer(undefined, { limits: { embedOrigins: [BLOG] } });
    const response = await fetch(`${server.url}/embed?q=cats`);
    expect(response.status).toBe(200);
    expect(directives(response.headers.get('content-security-policy'))['frame-ancestors']).toEqual(["'self'", BLOG]);
    expect(response.headers.get('x-frame-options')).toBeNull();
  });

  it('may be framed by this app alone when EMBED_ORIGINS is unset', async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/embed?q=cats`);
    expect(directives(response.headers.get('content-security-policy'))['frame-ancestors']).toEqual(["'self'"]);
  });

  it('leaves every other page unframeable', async () => {
    const server = await startServer(undefined, { limits: { embedOrigins: [BLOG] } });
    for (const path of ['/', '/embed/demo', '/embed.js', '/embed/access', '/healthz', '/no-such-page']) {
      const response = await fetch(`${server.url}${path}`);
      expect(directives(response.headers.get('content-security-policy'))['frame-ancestors'], path).toEqual(["'none'"]);
      expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    }
  });

  it('renders the element with the query read as the widget reads its attributes, escaped', async () => {
    const server = await startServer();
    const html = await (await fetch(`${server.url}/embed?q=%3Cb%3Ecats&lang=en&limit=99&theme=dark`)).text();
    expect(html).toContain('<stream-search term="&lt;b&gt;cats" lang="en" limit="20" theme="dark">');
    expect(html).toContain('<script type="module" src="/embed.js"></script>');
    expect(html).toContain('<script type="module" src="/build/embed-frame.js"></script>');
    expect(html).not.toContain('<b>cats');
  });

  it('falls back to the defaults for a repeated or malformed parameter', async () => {
    const server = await startServer();
    const html = await (await fetch(`${server.url}/embed?q=a&q=b&limit=x&theme=neon`)).text();
    expect(html).toContain('<stream-search term="" lang="" limit="5" theme="auto">');
  });
});

describe('GET /embed/demo', () => {
  it('shows both forms on a page with the hostile stylesheet', async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/embed/demo`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<link rel="stylesheet" href="/stylesheets/embed-demo-hostile.css">');
    expect(html).toContain('<stream-search id="embed-element" term="cats" limit="5">');
    expect(html).toContain('<iframe id="embed-frame" src="/embed?q=cats&amp;limit=5"');
    const css = await (await fetch(`${server.url}/stylesheets/embed-demo-hostile.css`)).text();
    expect(css).toContain('* { all: unset; }');
  });
});

describe('GET /embed/access', () => {
  it('tells a page whether its origin may open the socket, readable from any site', async () => {
    const server = await startServer(undefined, { limits: { embedOrigins: [BLOG] } });
    const ask = async (origin?: string) => {
      const response = await fetch(`${server.url}/embed/access`, { headers: origin ? { Origin: origin } : {} });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('cache-control')).toBe('no-store');
      return response.json();
    };
    expect(await ask(BLOG)).toEqual({ allowed: true });
    expect(await ask(server.url)).toEqual({ allowed: true });
    expect(await ask()).toEqual({ allowed: true });
    expect(await ask('https://elsewhere.example')).toEqual({ allowed: false });
  });
});
