// routes/errors.ts: unknown paths get a 404 page, and a failed request gets a plain page
// that never shows the error's message or stack to the visitor.
import path from 'node:path';
import { Writable } from 'node:stream';
import express, { type RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/support/logger.ts';
import { handleError, notFound } from '../../routes/errors.ts';
import { listen } from '../helpers/listen.ts';
import { startServer } from '../helpers/server.ts';

const VIEWS = path.join(import.meta.dirname, '..', '..', 'views');
const SECRET = 'db password is hunter2';

/** The two handlers behind one route that fails as given, with every log line kept. */
async function failing(route: RequestHandler) {
  const lines: Array<Record<string, unknown>> = [];
  const logs = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const app = express().set('views', VIEWS).set('view engine', 'ejs');
  app.get('/fails', route);
  app.use(notFound);
  app.use(handleError(createLogger('info', logs)));
  return { url: await listen(app), lines };
}

describe('notFound', () => {
  it('answers an unknown path with a 404 page', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('There is no page at this address.');
  });

  it('never echoes the path back unescaped', async () => {
    const server = await startServer();
    const res = await fetch(`${server.url}/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('<script>alert(1)');
  });
});

describe('handleError', () => {
  it('answers a thrown error with a plain 500 page and logs it with the path', async () => {
    const { url, lines } = await failing(() => {
      throw new Error(SECRET);
    });
    const res = await fetch(`${url}/fails`);
    const html = await res.text();
    expect(res.status).toBe(500);
    expect(html).toContain('Something went wrong on our side.');
    expect(html).not.toContain('hunter2');
    expect(html).not.toContain('errors.test.ts'); // no stack
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request failed', path: '/fails' })]);
  });

  it("keeps a client error's status, says only that it could not be handled, and logs nothing", async () => {
    const { url, lines } = await failing((_req, _res, next) => next(Object.assign(new Error(SECRET), { status: 413 })));
    const res = await fetch(`${url}/fails`);
    const html = await res.text();
    expect(res.status).toBe(413);
    expect(html).toContain('That request could not be handled.');
    expect(html).not.toContain('hunter2');
    expect(lines).toEqual([]);
  });

  it.each([
    ['a status that is not an error', { status: 302 }],
    ['a status past 599', { status: 700 }],
    ['a status that is text', { status: '404' }],
    ['a thrown string', 'boom'],
  ])('treats %s as a 500', async (_name, thrown) => {
    const { url } = await failing(() => {
      throw thrown;
    });
    const res = await fetch(`${url}/fails`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('Something went wrong on our side.');
  });
});
