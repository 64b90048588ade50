// The lesson's three events (lib/delivery/handlers.ts), through a real server: each
// payload is checked at the boundary, a bad one changes nothing, and a socket gets the
// posts of its own term only.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../../lib/contract/errors.ts';
import type { Post } from '../../../lib/contract/events.ts';
import { ManualSource } from '../../helpers/manual-source.ts';
import { settle, startServer, request, type TestClient, type TestServer } from '../../helpers/server.ts';

let server: TestServer;

beforeEach(async () => {
  server = await startServer();
});

/** Resolves with the text of every post this client gets up to and including `sentinel`. */
function receivedUntil(client: TestClient, sentinel: string): Promise<string[]> {
  const texts: string[] = [];
  return new Promise((resolve) => {
    const onPost = (post: Post) => {
      texts.push(post.text);
      if (post.text === sentinel) {
        client.off('tweets', onPost);
        resolve(texts);
      }
    };
    client.on('tweets', onPost);
  });
}

describe('updateTerm', () => {
  it('echoes the normalised term and acks it', async () => {
    const client = await server.client();
    const echoed = new Promise((resolve) => client.once('updatedTerm', resolve));
    const ack = await request(client, 'updateTerm', '  Cats ,RED car ');
    expect(ack).toEqual({ data: { term: 'cats, red car', lang: null } });
    expect(await echoed).toBe('cats, red car');
  });

  it('delivers matching posts only', async () => {
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    const received = receivedUntil(client, 'cats again');
    server.source.push('I love Cats!');
    server.source.push('concatenate');
    server.source.push('dogs only');
    server.source.push('cats again');
    expect(await received).toEqual(['I love Cats!', 'cats again']);
  });

  it('delivers the whole post in the tweets shape, with its cursor', async () => {
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    const got = new Promise<Post>((resolve) => client.once('tweets', resolve));
    const sent = server.source.push('cats', { url: 'https://example.com/1', lang: 'en' });
    expect(await got).toEqual({ ...sent, cursor: expect.stringMatching(/^\d+-\d+$/) });
  });

  it('accepts a language filter and applies it', async () => {
    const client = await server.client();
    expect(await request(client, 'updateTerm', { term: 'cats', lang: 'es' })).toEqual({ data: { term: 'cats', lang: 'es' } });
    const received = receivedUntil(client, 'gatos cats');
    server.source.push('cats in english', { lang: 'en' });
    server.source.push('gatos cats', { lang: 'es' });
    expect(await received).toEqual(['gatos cats']);
  });

  it('switches to the new term and stops the old one', async () => {
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    await request(client, 'updateTerm', 'dogs');
    const received = receivedUntil(client, 'dogs');
    server.source.push('cats');
    server.source.push('dogs');
    expect(await received).toEqual(['dogs']);
    expect([...server.hub.index.keys()]).toEqual(['term:*:dogs']);
  });

  it('tells the source about a term once, however many sockets follow it', async () => {
    const a = await server.client();
    const b = await server.client();
    await request(a, 'updateTerm', 'cats');
    await request(b, 'updateTerm', 'CATS');
    expect([...server.source.followed.keys()]).toEqual(['term:*:cats']);
    expect(server.hub.watchers('term:*:cats')).toBe(2);
  });
});

describe('stopStream and startStream', () => {
  it('stop brings silence from the ack on, and start brings matches back', async () => {
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    expect(await request(client, 'stopStream')).toEqual({ data: { paused: true } });

    const watcher = await server.client();
    await request(watcher, 'updateTerm', 'sentinel');
    const watcherSaw = receivedUntil(watcher, 'sentinel');
    let pausedGot = 0;
    client.on('tweets', () => (pausedGot += 1));
    server.source.push('cats while paused');
    server.source.push('sentinel');
    await watcherSaw;
    // Both sockets are served in order on one server; a round trip flushes the paused one.
    await request(client, 'stopStream');
    expect(pausedGot).toBe(0);

    expect(await request(client, 'startStream')).toEqual({ data: { paused: false } });
    const received = receivedUntil(client, 'cats after start');
    server.source.push('cats after start');
    expect(await received).toEqual(['cats after start']);
  });

  it('start without a term is rejected', async () => {
    const client = await server.client();
    expect(await request(client, 'startStream')).toEqual({ error: CLIENT_ERRORS.noTerm });
  });

  it('drops the term from the index while everyone following it is paused', async () => {
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    await request(client, 'stopStream');
    expect(server.hub.index.size).toBe(0);
    expect(server.source.followed.size).toBe(0);
    await request(client, 'startStream');
    expect(server.hub.index.size).toBe(1);
  });
});

describe('maxTerms', () => {
  it('refuses a term nobody follows once maxTerms are followed, and still accepts a followed one', async () => {
    const full = await startServer(undefined, { limits: { maxTerms: 2 } });
    const [a, b, c] = await Promise.all([full.client(), full.client(), full.client()]);
    await request(a!, 'updateTerm', 'cats');
    await request(b!, 'updateTerm', 'dogs');
    expect(await request(c!, 'updateTerm', 'birds')).toEqual({ error: CLIENT_ERRORS.tooManyTerms });
    expect(await request(c!, 'updateTerm', 'DOGS')).toEqual({ data: { term: 'dogs', lang: null } });
    expect(full.hub.index.size).toBe(2);
  });

  it('lets a socket that alone receives its term switch to a new one, since that frees a place', async () => {
    const full = await startServer(undefined, { limits: { maxTerms: 2 } });
    const [a, b, c] = await Promise.all([full.client(), full.client(), full.client()]);
    await request(a!, 'updateTerm', 'cats');
    await request(b!, 'updateTerm', 'dogs');
    expect(await request(a!, 'updateTerm', 'birds')).toEqual({ data: { term: 'birds', lang: null } });
    await request(c!, 'updateTerm', 'birds'); // now shared: a's switch would free nothing
    expect(await request(a!, 'updateTerm', 'owls')).toEqual({ error: CLIENT_ERRORS.tooManyTerms });
    await request(b!, 'stopStream'); // paused: "dogs" is dropped, and b's place with it
    await request(a!, 'updateTerm', 'fish');
    expect(await request(b!, 'updateTerm', 'owls')).toEqual({ error: CLIENT_ERRORS.tooManyTerms });
    expect(full.hub.index.size).toBe(2);
  });

  it('refuses to resume a paused term that was dropped while the server filled up', async () => {
    const full = await startServer(undefined, { limits: { maxTerms: 1 } });
    const [a, b] = await Promise.all([full.client(), full.client()]);
    await request(a!, 'updateTerm', 'cats');
    await request(a!, 'stopStream');
    await request(b!, 'updateTerm', 'dogs');
    expect(await request(a!, 'startStream')).toEqual({ error: CLIENT_ERRORS.tooManyTerms });
    expect(full.hub.index.size).toBe(1);
  });
});

describe('isolation', () => {
  it('two sockets on different terms each get only their own matches', async () => {
    const a = await server.client();
    const b = await server.client();
    await request(a, 'updateTerm', 'cats');
    await request(b, 'updateTerm', 'dogs');
    const gotA = receivedUntil(a, 'cats end');
    const gotB = receivedUntil(b, 'dogs end');
    server.source.push('cats one');
    server.source.push('dogs one');
    server.source.push('cats and dogs');
    server.source.push('cats end');
    server.source.push('dogs end');
    expect(await gotA).toEqual(['cats one', 'cats and dogs', 'cats end']);
    expect(await gotB).toEqual(['dogs one', 'cats and dogs', 'dogs end']);
  });
});

describe('disconnect', () => {
  it('releases the term from the index and the source', async () => {
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    expect(server.hub.index.size).toBe(1);
    const gone = new Promise<void>((resolve) => server.io.of('/').adapter.once('delete-room', () => resolve()));
    client.disconnect();
    await gone;
    expect(server.hub.index.size).toBe(0);
    expect(server.source.followed.size).toBe(0);
  });
});

describe('bad input', () => {
  const cases: Array<[string, string, unknown[], string]> = [
    ['updateTerm with a number', 'updateTerm', [42], CLIENT_ERRORS.termNotText],
    ['updateTerm with null', 'updateTerm', [null], CLIENT_ERRORS.termNotText],
    ['updateTerm with an array', 'updateTerm', [['cats']], CLIENT_ERRORS.termNotText],
    ['updateTerm with an object without term', 'updateTerm', [{ q: 'cats' }], CLIENT_ERRORS.termNotText],
    ['updateTerm with a __proto__ object', 'updateTerm', [JSON.parse('{"__proto__":{"term":"cats"}}')], CLIENT_ERRORS.termNotText],
    ['updateTerm with an empty term', 'updateTerm', [''], CLIENT_ERRORS.termEmpty],
    ['updateTerm with whitespace', 'updateTerm', ['  \t  '], CLIENT_ERRORS.termEmpty],
    ['updateTerm with a term over the limit', 'updateTerm', ['x'.repeat(121)], CLIENT_ERRORS.termTooLong],
    ['updateTerm with a bad language', 'updateTerm', [{ term: 'cats', lang: 'english' }], CLIENT_ERRORS.badLanguage],
    ['updateTerm with a since that is not a cursor', 'updateTerm', [{ term: 'birds', since: 'yesterday' }], CLIENT_ERRORS.badCursor],
    ['updateTerm with a numeric since', 'updateTerm', [{ term: 'birds', since: 1764400000000 }], CLIENT_ERRORS.badCursor],
    ['updateTerm with a since with leading zeros', 'updateTerm', [{ term: 'birds', since: '01-0' }], CLIENT_ERRORS.badCursor],
    ['updateTerm with an object since', 'updateTerm', [{ term: 'birds', since: { ms: 1 } }], CLIENT_ERRORS.badCursor],
    ['updateTerm with no arguments', 'updateTerm', [], CLIENT_ERRORS.badArguments],
    ['updateTerm with two terms', 'updateTerm', ['cats', 'dogs'], CLIENT_ERRORS.badArguments],
    ['stopStream with an argument', 'stopStream', ['now'], CLIENT_ERRORS.badArguments],
    ['startStream with an argument', 'startStream', [{}], CLIENT_ERRORS.badArguments],
  ];

  it.each(cases)('%s gets an error ack and changes nothing', async (_name, event, args, error) => {
    const client = await server.client();
    const bystander = await server.client();
    await request(client, 'updateTerm', 'cats');
    await request(bystander, 'updateTerm', 'dogs');
    let echoes = 0;
    client.on('updatedTerm', () => (echoes += 1));
    bystander.on('updatedTerm', () => (echoes += 1));

    expect(await request(client, event as 'updateTerm', ...args)).toEqual({ error });

    // Still following cats, still connected, and the bystander is untouched
    const gotClient = receivedUntil(client, 'cats still');
    const gotBystander = receivedUntil(bystander, 'dogs still');
    server.source.push('cats still');
    server.source.push('dogs still');
    expect(await gotClient).toEqual(['cats still']);
    expect(await gotBystander).toEqual(['dogs still']);
    expect(echoes).toBe(0);
    expect(client.connected && bystander.connected).toBe(true);
  });

  it('a request without an ack gets its error as an inputError event', async () => {
    const client = await server.client();
    const message = new Promise((resolve) => client.once('inputError', resolve));
    client.emit('updateTerm', '');
    expect(await message).toBe(CLIENT_ERRORS.termEmpty);
  });

  it('the server keeps serving a fresh client afterwards', async () => {
    const client = await server.client();
    for (const bad of [42, null, '', {}, []]) await request(client, 'updateTerm', bad);
    const fresh = await server.client();
    expect(await request(fresh, 'updateTerm', 'cats')).toEqual({ data: { term: 'cats', lang: null } });
  });
});

describe('updateTerm with since', () => {
  /** Every post this client gets, whole, in order, one at a time or in batches. */
  function posts(client: TestClient): Post[] {
    const got: Post[] = [];
    client.on('tweets', (post) => got.push(post));
    client.on('tweetBatch', (batch) => got.push(...batch));
    return got;
  }

  /** Resolves once `got` holds a post with this text. */
  async function until(got: Post[], text: string): Promise<void> {
    await vi.waitFor(() => expect(got.map((post) => post.text)).toContain(text), { interval: 5, timeout: 5_000 });
  }

  /** A witness that follows cats from the start and sees every match live. */
  async function witness(batchMs?: number): Promise<Post[]> {
    const client = await server.client(batchMs ? { auth: { batchMs } } : {});
    await request(client, 'updateTerm', 'cats');
    return posts(client);
  }

  it('first replays the matches after since, in order and with the same payloads, then the live ones', async () => {
    const seen = await witness();
    server.source.push('cats one');
    server.source.push('dogs one');
    server.source.push('cats two');
    server.source.push('cats three');
    await until(seen, 'cats three');
    const since = seen[0]!.cursor!;

    const resumed = await server.client();
    const got = posts(resumed);
    const ack = await request(resumed, 'updateTerm', { term: 'cats', since });
    expect(ack).toEqual({ data: { term: 'cats', lang: null, cursor: seen[2]!.cursor, replay: { posts: 2, complete: true } } });
    expect(got).toEqual(seen.slice(1)); // whole posts, cursors and all, before the ack
    server.source.push('cats live');
    await until(got, 'cats live');
    expect(got.map((post) => post.text)).toEqual(['cats two', 'cats three', 'cats live']);
  });

  it('misses no post and sends none twice while posts keep arriving during the resume', async () => {
    const seen = await witness();
    server.source.push('cats 0');
    await until(seen, 'cats 0');
    const since = seen[0]!.cursor!;
    // A post every turn of the event loop, before, during and after the resume request
    let n = 1;
    let pushing = true;
    const pump = () => {
      if (!pushing) return;
      server.source.push(`cats ${n++}`);
      setImmediate(pump);
    };
    pump();
    const resumed = await server.client();
    const got = posts(resumed);
    await request(resumed, 'updateTerm', { term: 'cats', since });
    await new Promise((resolve) => setTimeout(resolve, 20));
    pushing = false;
    server.source.push('cats end');
    await until(got, 'cats end');
    await until(seen, 'cats end');
    expect(got.map((post) => post.cursor)).toEqual(seen.slice(1).map((post) => post.cursor));
  });

  it('replays to a batching socket in tweetBatch, and a pending batch reaches it once', async () => {
    const WINDOW = 1_000; // ms, long enough that posts are still pending when the resume arrives
    const seen = await witness(WINDOW);
    const batches: Post[][] = [];
    server.source.push('cats one');
    await until(seen, 'cats one'); // flushed when its window ends
    const since = seen[0]!.cursor!;
    server.source.push('cats two');
    server.source.push('dogs');
    server.source.push('cats three'); // both pending in the witness's batch room now

    const resumed = await server.client({ auth: { batchMs: WINDOW } });
    resumed.on('tweetBatch', (batch) => batches.push(batch));
    const got = posts(resumed);
    expect(await request(resumed, 'updateTerm', { term: 'cats', since })).toMatchObject({ data: { replay: { posts: 2, complete: true } } });
    expect(batches.map((batch) => batch.map((post) => post.text))).toEqual([['cats two', 'cats three']]);
    server.source.push('cats live');
    await until(got, 'cats live');
    await until(seen, 'cats live');
    expect(got.map((post) => post.text)).toEqual(['cats two', 'cats three', 'cats live']);
    expect(seen.map((post) => post.text)).toEqual(['cats one', 'cats two', 'cats three', 'cats live']);
  });

  it('replays what is still there for a since older than the window or unknown, and says it may be incomplete', async () => {
    const seen = await witness();
    server.source.push('cats one');
    server.source.push('cats two');
    await until(seen, 'cats two');
    for (const since of ['1-0', '99999999999999-0']) {
      const resumed = await server.client();
      const got = posts(resumed);
      const ack = await request(resumed, 'updateTerm', { term: 'cats', since });
      const expected = since === '1-0' ? ['cats one', 'cats two'] : [];
      expect(ack).toEqual({ data: { term: 'cats', lang: null, cursor: seen[1]!.cursor, replay: { posts: expected.length, complete: false } } });
      expect(got.map((post) => post.text)).toEqual(expected);
    }
  });

  it('with since null replays nothing and answers where the stream is, to resume from later', async () => {
    const seen = await witness();
    server.source.push('dogs only');
    server.source.push('cats one');
    await until(seen, 'cats one');
    const client = await server.client();
    const got = posts(client);
    expect(await request(client, 'updateTerm', { term: 'cats', since: null })).toEqual({ data: { term: 'cats', lang: null, cursor: seen[0]!.cursor } });
    await settle();
    expect(got).toEqual([]);
  });

  it('holds a replay to the slow-consumer queue like live posts: the oldest go, and the page is told how many', async () => {
    const limited = await startServer(new ManualSource(), { limits: { maxQueuedPosts: 10 } });
    limited.source.push('dogs start');
    const since = limited.hub.latest!;
    for (let i = 0; i < 50; i++) limited.source.push(`cats ${i}`);
    const resumed = await limited.client();
    const got = posts(resumed);
    const skipped = new Promise<number>((resolve) => resumed.once('postsSkipped', resolve));
    await request(resumed, 'updateTerm', { term: 'cats', since });
    const count = await skipped;
    expect(count).toBeGreaterThan(0);
    expect(got.length + count).toBe(50);
    expect(got.map((post) => post.text)).toEqual(Array.from({ length: 50 }, (_, i) => `cats ${i}`).slice(count));
  });
});
