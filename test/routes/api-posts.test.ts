// routes/api-posts.ts: POST /api/posts on a real server (app + Socket.IO): who may push,
// what a body may be, each status code with its JSON sentence, and pushed posts reaching
// a page that follows a matching term.
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../lib/contract/events.ts';
import { BODY_ERRORS, MAX_BODY_BYTES } from '../../lib/ingest/body.ts';
import { createIngestCounters, type IngestCounters } from '../../lib/ingest/counters.ts';
import { POST_PROBLEMS } from '../../lib/sources/post.ts';
import { createLogger } from '../../lib/support/logger.ts';
import { API_POSTS_ERRORS } from '../../routes/api-posts.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { request, settle, startServer, type ServerOptions, type TestServer } from '../helpers/server.ts';

const TOKEN = 'a'.repeat(24) + '0123456789abcdef0123456789abcdef'; // 56 characters
const OTHER_TOKEN = 'b'.repeat(64);

interface PushServer {
  server: TestServer;
  counters: IngestCounters;
  published: Post[];
  push(body: string | Blob, headers?: Record<string, string>): Promise<Response>;
}

async function pushServer(options: Partial<NonNullable<ServerOptions['push']>> = {}, logger?: ServerOptions['logger']): Promise<PushServer> {
  const counters = createIngestCounters();
  const published: Post[] = [];
  const server = await startServer(new ManualSource(), { logger, push: { tokens: [OTHER_TOKEN, TOKEN], counters, ...options } });
  server.source.on('post', (post) => published.push(post));
  return {
    server,
    counters,
    published,
    push: (body, headers = {}) =>
      fetch(`${server.url}/api/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
        body,
      }),
  };
}

const post = (id: string, text = `post ${id}`) => ({ id, text, screen_name: 'pusher' });
const json = (value: unknown) => JSON.stringify(value);
const ndjson = (...lines: string[]) => lines.join('\n') + '\n';

function captureLogs() {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
  return { logger: createLogger('trace', stream), text: () => chunks.join('') };
}

describe('POST /api/posts', () => {
  describe('auth', () => {
    it('answers 401 with the same body for no token and a wrong one, with WWW-Authenticate: Bearer', async () => {
      const { push, counters, published } = await pushServer();
      const none = await push(json(post('1')), { authorization: '' });
      const wrong = await push(json(post('1')), { authorization: `Bearer ${TOKEN.slice(0, -1)}x` });
      const otherScheme = await push(json(post('1')), { authorization: `Basic ${TOKEN}` });
      for (const response of [none, wrong, otherScheme]) {
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.unauthorised });
      }
      expect(counters.unauthorised).toBe(3);
      expect(published).toEqual([]);
    });

    it('accepts any of the configured tokens', async () => {
      const { push } = await pushServer();
      expect((await push(json(post('1')))).status).toBe(202);
      expect((await push(json(post('2')), { authorization: `Bearer ${OTHER_TOKEN}` })).status).toBe(202);
    });

    it('logs a refused attempt, and never a token, wrong or right', async () => {
      const logs = captureLogs();
      const { push } = await pushServer({}, logs.logger);
      await push(json(post('1')), { authorization: '' });
      await push(json(post('2')), { authorization: `Bearer ${'c'.repeat(40)}` });
      await push(json(post('3')));
      const text = logs.text();
      expect(text).toContain('"reason":"no token"');
      expect(text).toContain('"reason":"wrong token"');
      expect(text).toContain('posts pushed');
      expect(text).not.toContain('c'.repeat(40));
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(-16));
    });

    it('is not there at all without INGEST_TOKENS', async () => {
      const server = await startServer();
      const response = await fetch(`${server.url}/api/posts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json(post('1')) });
      expect(response.status).toBe(404);
    });
  });

  describe('202', () => {
    it('takes one post, answers the counts, and publishes it labelled as pushed', async () => {
      const { push, published, counters } = await pushServer();
      const response = await push(json({ id: 'p1', text: 'hello from outside', name: 'Ann' }));
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      expect(published).toMatchObject([{ id: 'p1', text: 'hello from outside', name: 'Ann', source: 'push' }]);
      expect(counters).toMatchObject({ accepted: 1, duplicates: 0, rejected: 0 });
    });

    it('takes an array, rejecting a bad post by its index and delivering the rest in order', async () => {
      const { push, published, counters } = await pushServer();
      const response = await push(json([post('a'), { text: '' }, 'not a post', post('b')]));
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: [
          { index: 1, error: POST_PROBLEMS.noText },
          { index: 2, error: POST_PROBLEMS.notObject },
        ],
      });
      expect(published.map((p) => p.id)).toEqual(['a', 'b']);
      expect(counters.rejected).toBe(2);
    });

    it('takes NDJSON with a bad line in the middle: that line is rejected by its index, blank lines are skipped', async () => {
      const { push, published } = await pushServer();
      const body = ndjson(json(post('n1')), '', '{"id": "n2", "text": ', json(post('n3')));
      const response = await push(body, { 'content-type': 'application/x-ndjson; charset=utf-8' });
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 1, error: BODY_ERRORS.badLine }] });
      expect(published.map((p) => p.id)).toEqual(['n1', 'n3']);
    });

    it('counts a repeated id as a duplicate and delivers it once, within a body and across bodies', async () => {
      const { push, published, counters } = await pushServer();
      expect(await (await push(json([post('d1'), post('d1', 'again')]))).json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      expect(await (await push(json(post('d1')))).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
      expect(published.map((p) => p.text)).toEqual(['post d1']);
      expect(counters).toMatchObject({ accepted: 1, duplicates: 2 });
    });

    it('never treats posts without an id as repeats', async () => {
      const { push, published } = await pushServer();
      await push(json([{ text: 'same' }, { text: 'same' }]));
      expect(published).toHaveLength(2);
      expect(published[0]!.id).not.toBe(published[1]!.id);
    });
  });

  describe('400', () => {
    it.each([
      ['broken JSON', '{"text": "hi"', BODY_ERRORS.notJson],
      ['a JSON string', '"hi"', BODY_ERRORS.notPosts],
      ['an empty array', '[]', BODY_ERRORS.empty],
    ])('refuses %s with a sentence', async (_name, body, error) => {
      const { push, published } = await pushServer();
      const response = await push(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error });
      expect(published).toEqual([]);
    });

    it('refuses a body that is not UTF-8', async () => {
      const { push } = await pushServer();
      const response = await push(new Blob([new Uint8Array([0x7b, 0xff, 0x7d])]));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: BODY_ERRORS.notUtf8 });
    });
  });

  describe('413', () => {
    it('refuses a body over 1 MB, and takes one of exactly 1 MB', async () => {
      const { push, published } = await pushServer();
      const sized = (bytes: number) => {
        const shell = json({ id: 'big', text: '' });
        return json({ id: 'big', text: 'x'.repeat(bytes - shell.length) });
      };
      expect(MAX_BODY_BYTES).toBe(1_048_576);
      const response = await push(sized(1_048_577));
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.tooLarge });
      expect(published).toEqual([]);
      expect((await push(sized(1_048_576))).status).toBe(202);
    });

    it('counts 1 MB after decompressing, so a small gzip of a huge body is refused too', async () => {
      const { push, published } = await pushServer();
      const bomb = gzipSync(json({ id: 'bomb', text: ' '.repeat(2 * 1_048_576) }));
      expect(bomb.length).toBeLessThan(10_000);
      const response = await push(new Blob([new Uint8Array(bomb)]), { 'content-encoding': 'gzip' });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.tooLarge });
      expect(published).toEqual([]);
      const small = gzipSync(json(post('zipped')));
      expect((await push(new Blob([new Uint8Array(small)]), { 'content-encoding': 'gzip' })).status).toBe(202);
    });

    it('refuses an array of more than 500 posts, and NDJSON of more than 500 lines', async () => {
      const { push, published } = await pushServer();
      const posts = Array.from({ length: 501 }, (_, i) => post(`many-${i}`, 'x'));
      const asArray = await push(json(posts));
      expect(asArray.status).toBe(413);
      expect(await asArray.json()).toEqual({ error: BODY_ERRORS.tooMany(501) });
      const asLines = await push(ndjson(...posts.map((p) => json(p))), { 'content-type': 'application/x-ndjson' });
      expect(asLines.status).toBe(413);
      expect(published).toEqual([]);
      expect((await push(json(posts.slice(0, 500)))).status).toBe(202);
    });

    it('refuses a body with more posts than the burst allows at once', async () => {
      const { push } = await pushServer({ burst: 3 });
      const response = await push(json([post('1'), post('2'), post('3'), post('4')]));
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.overBurst(3) });
    });
  });

  describe('415', () => {
    it.each(['text/plain', 'application/x-www-form-urlencoded', ''])('refuses content type "%s"', async (type) => {
      const { push } = await pushServer();
      const response = await push(json(post('1')), { 'content-type': type });
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.contentType });
    });
  });

  it('answers 415 with a sentence for an unknown Content-Encoding', async () => {
    const { push } = await pushServer();
    const response = await push(json(post('1')), { 'content-encoding': 'x-squash' });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.encoding });
  });

  it('answers 405 in JSON, with Allow: POST, to any other method', async () => {
    const { server } = await pushServer();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(`${server.url}/api/posts`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toEqual({ error: API_POSTS_ERRORS.method });
    }
  });

  describe('503', () => {
    it('says the posts were not delivered when publishing fails, and a retry is not a duplicate', async () => {
      let down = true;
      const logs = captureLogs();
      const { push, counters } = await pushServer(
        {
          publish: () => {
            if (down) throw new Error('stream append failed');
          },
        },
        logs.logger,
      );
      const failed = await push(json(post('later')));
      expect(failed.status).toBe(503);
      expect(await failed.json()).toEqual({ error: API_POSTS_ERRORS.unavailable });
      expect(logs.text()).toContain('pushed posts could not be published');
      down = false;
      expect(await (await push(json(post('later')))).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      expect(counters.accepted).toBe(1);
    });
  });

  describe('429', () => {
    it('charges each post against its token, says when to retry, and lets it through once time has passed', async () => {
      let now = 0;
      const { push, published, counters } = await pushServer({ perSecond: 2, burst: 4, now: () => now });
      expect((await push(json([post('1'), post('2'), post('3')]))).status).toBe(202);
      const refused = await push(json([post('4'), post('5')]));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1'); // 1 token left, 1 more at 2/s takes 0.5 s
      expect(await refused.json()).toEqual({ error: API_POSTS_ERRORS.rateLimited(1) });
      // Another token has its own budget
      expect((await push(json(post('other')), { authorization: `Bearer ${OTHER_TOKEN}` })).status).toBe(202);
      now += 499;
      expect((await push(json([post('4'), post('5')]))).status).toBe(429);
      now += 1;
      expect((await push(json([post('4'), post('5')]))).status).toBe(202);
      expect(published.map((p) => p.id)).toEqual(['1', '2', '3', 'other', '4', '5']);
      expect(counters.rateLimited).toBe(2);
    });

    it('rounds the wait up to whole seconds', async () => {
      let now = 0;
      const { push } = await pushServer({ perSecond: 0.5, burst: 1, now: () => now });
      await push(json(post('1')));
      const refused = await push(json(post('2')));
      expect(refused.headers.get('retry-after')).toBe('2');
    });
  });

  describe('delivery', () => {
    it('reaches a page that follows a matching term, and not one following another term', async () => {
      const { server, push } = await pushServer();
      const follower = await server.client();
      const other = await server.client();
      await request(follower, 'updateTerm', 'kestrel');
      await request(other, 'updateTerm', 'heron');
      const seen: Post[] = [];
      const elsewhere: Post[] = [];
      follower.on('tweets', (p) => seen.push(p));
      other.on('tweets', (p) => elsewhere.push(p));
      const arrived = new Promise<Post>((resolve) => follower.once('tweets', resolve));
      await push(json([{ id: 'k1', text: 'A kestrel over the field' }, { id: 'k2', text: 'nothing to see' }]));
      expect(await arrived).toMatchObject({ id: 'k1', text: 'A kestrel over the field', source: 'push' });
      await settle();
      expect(seen.map((p) => p.id)).toEqual(['k1']);
      expect(elsewhere).toEqual([]);
    });
  });
});
