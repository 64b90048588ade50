import { beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

describe('GET /', () => {
  it('serves the search page, labelled with the source', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<form id="search-form"');
    expect(html).toContain('id="slider"');
    expect(html).toContain('Demo data, not real posts');
    expect(html).toContain('<script src="/build/app.js" defer></script>');
  });

  it('does not advertise the framework', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('static files', () => {
  it.each([
    ['/build/app.js', /javascript/],
    ['/build/app.css', /css/],
    ['/stylesheets/style.css', /css/],
    ['/avatars/default.svg', /svg/],
  ])('serves %s', async (path, type) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
  });
});

describe('unknown paths', () => {
  it('get a 404 page', async () => {
    const res = await fetch(`${server.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('There is no page at this address.');
  });

  it('never echo the path back unescaped', async () => {
    const res = await fetch(`${server.url}/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<script>alert(1)');
  });
});
