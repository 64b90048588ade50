// app.ts: the Express app serves the bundled front end and its routes, with security
// headers on every response and a 404 page for everything else. It never listens itself.
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { silentLogger } from '../lib/support/logger.ts';
import type { HealthCheck } from '../routes/health.ts';
import { listen } from './helpers/listen.ts';

/** The app as bin/www.ts builds it, on port 0. */
function serveApp(health: HealthCheck = () => [{ source: 'demo', state: 'live' }]): Promise<string> {
  return listen(createApp({ sourceName: 'demo', logger: silentLogger(), allowedOrigins: ['http://localhost:3000'], health }));
}

describe('static files', () => {
  it.each([
    ['/build/app.js', /javascript/],
    ['/build/app.css', /css/],
    ['/stylesheets/style.css', /css/],
    ['/avatars/default.svg', /svg/],
  ])('serves %s', async (path, type) => {
    const res = await fetch(`${await serveApp()}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
  });

  it.each(['/javascripts/app.ts', '/javascripts/card.ts', '/tsconfig.json', '/javascripts/assets.d.ts'])(
    'does not serve the page source %s',
    async (path) => {
      const res = await fetch(`${await serveApp()}${path}`);
      expect(res.status).toBe(404);
    },
  );

  it('lists no directory', async () => {
    const res = await fetch(`${await serveApp()}/avatars/`);
    expect(res.status).toBe(404);
  });
});

describe('routes', () => {
  it('serves the search page at /', async () => {
    const res = await fetch(`${await serveApp()}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<form id="search-form"');
  });

  it('serves GET /healthz from the health check it was given', async () => {
    const url = await serveApp(() => [{ source: 'demo', state: 'error' }]);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
  });

  it('answers anything else with the 404 page', async () => {
    const res = await fetch(`${await serveApp()}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('There is no page at this address.');
  });
});

describe('headers', () => {
  it('does not advertise the framework', async () => {
    const res = await fetch(`${await serveApp()}/`);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it.each(['/', '/build/app.js', '/no/such/page'])('sends the Content-Security-Policy with %s', async (path) => {
    const res = await fetch(`${await serveApp()}${path}`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain('connect-src');
  });
});

describe('trust proxy', () => {
  /** A request as Express sees it: `peer` on the socket, and the headers a proxy (or anyone) sent. */
  function requestTo(app: ReturnType<typeof createApp>, peer: string) {
    const headers = { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' };
    return Object.assign(Object.create(app.request) as ReturnType<typeof createApp>['request'], {
      headers,
      socket: { remoteAddress: peer, encrypted: false },
    });
  }

  it('believes X-Forwarded-For and X-Forwarded-Proto from a listed proxy', () => {
    const app = createApp({ sourceName: 'demo', logger: silentLogger(), trustProxy: ['127.0.0.1'] });
    const req = requestTo(app, '127.0.0.1');
    expect([req.ip, req.protocol, req.secure]).toEqual(['198.51.100.1', 'https', true]);
  });

  it('believes neither from anyone else, nor from anyone when no proxy is listed', () => {
    const listed = createApp({ sourceName: 'demo', logger: silentLogger(), trustProxy: ['127.0.0.1'] });
    const direct = requestTo(listed, '203.0.113.9');
    expect([direct.ip, direct.protocol, direct.secure]).toEqual(['203.0.113.9', 'http', false]);
    const unlisted = requestTo(createApp({ sourceName: 'demo', logger: silentLogger() }), '127.0.0.1');
    expect([unlisted.ip, unlisted.protocol]).toEqual(['127.0.0.1', 'http']);
  });
});
