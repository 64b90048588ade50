// routes/admin.ts: GET /admin, its token, its static files and GET /metrics answer only
// with the admin password (HTTP Basic, user `admin`), and not at all without ADMIN_PASSWORD.
import { describe, expect, it } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

const PASSWORD = 'correct horse battery';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const RIGHT = { authorization: basic('admin', PASSWORD) };
// Every path the admin view alone uses, and a made-up one under /admin
const GATED = ['/admin', '/admin/', '/admin/token', '/admin/build/admin.js', '/admin/build/admin.css', '/admin/no-such-file', '/ADMIN/token', '/metrics'];

describe('without ADMIN_PASSWORD', () => {
  it('has no /admin and no /metrics', async () => {
    const server = await startServer();
    for (const path of ['/admin', '/admin/token', '/admin/build/admin.js', '/metrics']) {
      expect((await fetch(server.url + path, { headers: RIGHT })).status, path).toBe(404);
    }
  });
});

describe('GET /admin and everything under it', () => {
  it('answers 401 with a Basic challenge without credentials, with a wrong password and for another user', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
    const attempts: Array<Record<string, string>> = [{}, { authorization: basic('admin', 'wrong password!') }, { authorization: basic('root', PASSWORD) }, { authorization: 'Bearer x' }, { authorization: 'Basic !!!' }];
    for (const path of GATED) {
      for (const headers of attempts) {
        const res = await fetch(server.url + path, { headers });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Basic realm="Stream Search admin", charset="UTF-8"');
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(await res.text()).toBe('The admin view needs the admin password.');
      }
    }
  });

  it('serves the page, its bundle and a socket token with the password', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
    const page = await fetch(`${server.url}/admin`, { headers: RIGHT });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<script src="/admin/build/admin.js" defer></script>');
    expect(html).toContain('Every post, sampled');

    const script = await fetch(`${server.url}/admin/build/admin.js`, { headers: RIGHT });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}/admin/build/admin.css`, { headers: RIGHT })).status).toBe(200);

    const token = await fetch(`${server.url}/admin/token`, { headers: RIGHT });
    expect(token.status).toBe(200);
    expect(await token.json()).toEqual({ token: expect.stringMatching(/^\d+\.[\w-]{43}$/) });
  });

  it('keeps the admin bundle out of the public static folders', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
    for (const path of ['/build/admin.js', '/admin-build/admin.js', '/public/admin-build/admin.js']) {
      expect((await fetch(server.url + path)).status, path).toBe(404);
    }
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with the password', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
    const res = await fetch(`${server.url}/metrics`, { headers: RIGHT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toMatch(/^stream_search_posts_in_total 0$/m);
  });
});
