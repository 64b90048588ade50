import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../../../lib/contract/errors.ts';
import type { Post, StreamStatus } from '../../../../lib/contract/events.ts';
import { parseTerm } from '../../../../lib/match/query.ts';
import { STATUS_INTERVAL } from '../../../../lib/sources/source.ts';
import { ESTABLISHED_AFTER, STALL_TIMEOUT, STREAM_QUERY, XSource, type XSourceOptions } from '../../../../lib/sources/x/stream.ts';
import { DAY } from '../../../../lib/sources/x/daily-cap.ts';
import { MAX_LINE_CHARS } from '../../../../lib/sources/x/lines.ts';
import { ruleTag, toRule } from '../../../../lib/sources/x/rule.ts';
import { RECONCILE_GRACE, SYNC_DEBOUNCE } from '../../../../lib/sources/x/rules.ts';
import { startFakeX, X_BASE, xPost, type FakeX } from '../../../helpers/fake-x.ts';
import { ManualClock } from '../../../helpers/manual-clock.ts';
import { request, settle, startServer, type TestClient, type TestServer } from '../../../helpers/server.ts';

// A token no one could mistake for anything else, so any leak is certain to be found.
const CANARY = `canary-token-${randomUUID()}`;
const encoder = new TextEncoder();

let fake: FakeX;
let server: TestServer<XSource> | undefined;
// The server (and so the source) closes before the fake X, so the source never sees X vanish
afterEach(async () => {
  await server?.close();
  server = undefined;
  fake?.close();
});

/** A real server whose source is an XSource on the fake X, with every log line captured. */
async function setup(options: Partial<XSourceOptions> = {}) {
  fake = startFakeX();
  const clock = new ManualClock();
  const logs: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) });
  const source = new XSource({ token: CANARY, apiBase: X_BASE, logger, clock, ...options });
  server = await startServer(source, { logger });
  const s = server;
  const connected = (count: number) => vi.waitFor(() => expect(fake.connections).toHaveLength(count));
  await connected(1);

  /** X's keep-alive on the open connection, once the source has read it. */
  const keepAlive = async () => {
    const before = source.stats.keepAlives;
    fake.connections.at(-1)!.keepAlive();
    await vi.waitFor(() => expect(source.stats.keepAlives).toBe(before + 1));
  };
  // Let the start-up rule reconcile finish, as X keeps the connection alive meanwhile.
  await source.rules.whenIdle();
  clock.advance(RECONCILE_GRACE);
  await source.rules.whenIdle();
  await keepAlive();

  /** Follows a term from a client, syncs the rules, and returns the rule's tag. */
  const follow = async (client: TestClient, term: string): Promise<string> => {
    await request(client, 'updateTerm', term);
    clock.advance(SYNC_DEBOUNCE);
    await source.rules.whenIdle();
    await keepAlive();
    const parsed = parseTerm(term);
    if (!parsed.ok) throw new Error(parsed.error);
    const tag = ruleTag(toRule(parsed.value.query));
    expect([...fake.rules.values()].map((rule) => rule.tag)).toContain(tag);
    return tag;
  };
  return { source, clock, logs, server: s, follow, connected, keepAlive };
}

const opened: TestClient[] = [];
afterEach(() => void opened.splice(0).forEach((socket) => socket.disconnect()));

/** A client whose listeners are in place before it connects, so it misses no event. */
async function openClient(url: string) {
  const socket: TestClient = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, autoConnect: false });
  opened.push(socket);
  const seen = collect(socket);
  socket.connect();
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return seen;
}

function expectNoCanary(texts: string[]): void {
  const leaks = texts.filter((text) => text.includes(CANARY));
  expect(leaks).toEqual([]);
}

function collect(client: TestClient) {
  const posts: Post[] = [];
  const statuses: StreamStatus[] = [];
  client.on('tweets', (post) => posts.push(post));
  client.on('status', (status) => statuses.push(status));
  return { posts, statuses };
}

describe('the stream connection', () => {
  it('asks X for authors, times, languages and what a card shows, with the bearer token', async () => {
    await setup();
    const [connection] = fake.connections;
    expect(connection!.url.pathname).toBe('/2/tweets/search/stream');
    expect(connection!.url.search).toBe(`?${STREAM_QUERY}`);
    expect(connection!.url.searchParams.get('expansions')).toBe(
      'author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id',
    );
    expect(connection!.url.searchParams.get('user.fields')).toBe('name,username,profile_image_url');
    expect(connection!.url.searchParams.get('tweet.fields')).toBe(
      'created_at,lang,attachments,entities,referenced_tweets,in_reply_to_user_id,note_tweet,possibly_sensitive',
    );
    expect(connection!.url.searchParams.get('media.fields')).toBe('url,preview_image_url,alt_text,width,height,type');
    expect(connection!.authorization).toBe(`Bearer ${CANARY}`);
  });
});

describe('tweets', () => {
  it('reaches the sockets following the matching term, and no others', async () => {
    const { server, follow } = await setup();
    const [a, b, c] = await Promise.all([server.client(), server.client(), server.client()]);
    const [seenA, seenB, seenC] = [collect(a), collect(b), collect(c)];
    const cats = await follow(a, 'cats');
    await follow(b, 'cats');
    const dogs = await follow(c, 'dogs');

    fake.connections[0]!.message(xPost('101', 'I love cats', [cats]));
    fake.connections[0]!.message(xPost('102', 'dogs are great', [dogs]));
    await vi.waitFor(() => expect(seenC.posts).toHaveLength(1));
    await vi.waitFor(() => expect(seenB.posts).toHaveLength(1));
    await vi.waitFor(() => expect(seenA.posts).toHaveLength(1));
    expect(seenA.posts[0]).toMatchObject({ id: '101', text: 'I love cats', screen_name: 'author101', source: 'x' });
    expect(seenC.posts.map((post) => post.id)).toEqual(['102']);
  });

  it('reaches each socket once when a post matches several terms, and drops a repeated post', async () => {
    const { server, follow } = await setup();
    const [a, b] = await Promise.all([server.client(), server.client()]);
    const [seenA, seenB] = [collect(a), collect(b)];
    const cats = await follow(a, 'cats');
    const dogs = await follow(b, 'dogs');

    const both = xPost('201', 'cats and dogs', [cats, dogs]);
    fake.connections[0]!.message(both);
    fake.connections[0]!.message(both); // X repeated itself, say across a reconnect
    fake.connections[0]!.message(xPost('202', 'cats again', [cats, dogs])); // a marker: everything before it has been handled
    await vi.waitFor(() => expect(seenA.posts.map((post) => post.id)).toEqual(['201', '202']));
    await vi.waitFor(() => expect(seenB.posts.map((post) => post.id)).toEqual(['201', '202']));
  });

  it('goes out with a fallback author when `includes` is missing', async () => {
    const { server, follow } = await setup();
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    fake.connections[0]!.message(xPost('301', 'cats without an author', [tag], { includes: false }));
    await vi.waitFor(() => expect(seen.posts).toHaveLength(1));
    expect(seen.posts[0]).toMatchObject({ name: 'Unknown', screen_name: 'unknown', url: 'https://x.com/i/web/status/301' });
  });

  it.each([
    ['a 4-byte emoji', '😀'],
    ['a ZWJ family emoji', '👩‍👩‍👧‍👦'],
  ])('arrives intact when %s is split across chunks at any byte', async (_, emoji) => {
    const { server, follow, source } = await setup();
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    const text = `cats ${emoji} rule`;
    const bytes = (id: number) => encoder.encode(`${JSON.stringify(xPost(String(id), text, [tag]))}\r\n`);
    const sample = bytes(1000);
    const start = sample.indexOf(0xf0);
    const length = encoder.encode(emoji).length;
    for (let offset = 1; offset < length; offset += 1) {
      const line = bytes(1000 + offset);
      fake.connections[0]!.send(line.subarray(0, start + offset));
      const chunks = source.stats.junk + source.stats.posts;
      await new Promise((resolve) => setTimeout(resolve, 2)); // a separate read for each half
      fake.connections[0]!.send(line.subarray(start + offset));
      await vi.waitFor(() => expect(source.stats.junk + source.stats.posts).toBe(chunks + 1));
    }
    await vi.waitFor(() => expect(seen.posts).toHaveLength(length - 1));
    expect(new Set(seen.posts.map((post) => post.text))).toEqual(new Set([text]));
  });
});

describe('inputError', () => {
  it('tells only the followers of a term that X refused it', async () => {
    const { server, clock, source, follow } = await setup();
    const [a, b] = await Promise.all([server.client(), server.client()]);
    const errors: Record<string, string[]> = { a: [], b: [] };
    a.on('inputError', (message) => errors.a!.push(message));
    b.on('inputError', (message) => errors.b!.push(message));
    await follow(b, 'cats');
    await request(a, 'updateTerm', 'rejectme please');
    clock.advance(SYNC_DEBOUNCE);
    await source.rules.whenIdle();
    await vi.waitFor(() => expect(errors.a).toEqual([CLIENT_ERRORS.xTermRefused]));
    await follow(b, 'dogs'); // a later round trip for b, so its silence means something
    expect(errors.b).toEqual([]);
  });
});

describe('keep-alives and stalls', () => {
  it('treats keep-alive lines as signs of life, not posts', async () => {
    const { source, clock, server, keepAlive } = await setup();
    const client = await server.client();
    const seen = collect(client);
    for (let i = 1; i <= 3; i += 1) {
      clock.advance(STALL_TIMEOUT - 1_000);
      await keepAlive();
    }
    expect(fake.streamRequests).toBe(1);
    expect(seen.posts).toEqual([]);
    expect(source.status.state).toBe('live');
  });

  it('keeps a connection whose keep-alive comes late, with a margin over X\'s 20 s', async () => {
    const { clock, keepAlive } = await setup();
    clock.advance(29_000); // X promises one every 20 s; this one is 9 s late
    await keepAlive();
    clock.advance(29_000);
    await keepAlive();
    expect(STALL_TIMEOUT).toBeGreaterThanOrEqual(30_000);
    expect(fake.streamRequests).toBe(1);
  });

  it('reconnects at once after 30 s of silence on a live connection', async () => {
    const { clock, connected, keepAlive } = await setup();
    clock.advance(STALL_TIMEOUT - 1);
    expect(fake.streamRequests).toBe(1);
    clock.advance(1);
    await connected(2);
    await keepAlive(); // the new connection is read
  });

  it('backs off 250 ms when a new connection stays silent for 30 s', async () => {
    const { clock, connected } = await setup();
    clock.advance(STALL_TIMEOUT);
    await connected(2); // the first connection had been live: straight back
    clock.advance(STALL_TIMEOUT); // the second never says a word
    await vi.waitFor(() => expect(clock.delays()).toEqual([250]));
    clock.advance(249);
    expect(fake.streamRequests).toBe(2);
    clock.advance(1);
    await connected(3);
  });
});

describe('drops and HTTP errors', () => {
  it('gives up on a connect that gets no answer for 30 s, and tries again', async () => {
    const { clock, connected } = await setup();
    fake.streamAnswers.push({ status: 200, after: new Promise(() => {}) }); // X never answers
    fake.connections[0]!.close();
    await vi.waitFor(() => expect(fake.streamRequests).toBe(2));
    clock.advance(STALL_TIMEOUT);
    await vi.waitFor(() => expect(clock.delays()).toEqual([250]));
    clock.advance(250);
    await connected(2);
  });

  it.each([
    ['closes the response', 'close'],
    ['breaks mid-stream', 'fail'],
  ] as const)('reconnects at once when X %s, and posts flow again', async (_, how) => {
    const { server, follow, connected } = await setup();
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    fake.connections[0]!.message(xPost('401', 'cats before', [tag]));
    await vi.waitFor(() => expect(seen.posts).toHaveLength(1));
    fake.connections[0]![how]();
    await connected(2);
    fake.connections[1]!.message(xPost('402', 'cats after', [tag]));
    await vi.waitFor(() => expect(seen.posts.map((post) => post.id)).toEqual(['401', '402']));
  });

  it.each([
    ['5xx', 503, [5_000, 10_000, 20_000, 40_000]],
    ['429', 429, [60_000, 120_000, 240_000, 480_000]],
  ])('waits on X\'s schedule after %s answers, and tells the pages', async (_, status, delays) => {
    const { clock, server, source, connected } = await setup();
    const client = await server.client();
    const seen = collect(client);
    fake.streamAnswers.push(...delays.map(() => ({ status })));
    fake.connections[0]!.fail(); // the reconnect, made at once, meets the errors
    for (const [i, delay] of delays.entries()) {
      await vi.waitFor(() => expect(source.status).toMatchObject({ state: 'reconnecting', retryInMs: delay }));
      expect(fake.streamRequests).toBe(i + 2);
      // the retry, and perhaps the status change waiting its turn to reach the pages
      expect(clock.delays().filter((ms) => ms > STATUS_INTERVAL)).toEqual([delay]);
      clock.advance(delay - 1);
      expect(fake.streamRequests).toBe(i + 2);
      clock.advance(1);
    }
    await connected(2);
    await vi.waitFor(() => expect(source.status.state).toBe('live'));
    // Each wait reached the page; one sent late (coalesced) counts down from when it was sent.
    await vi.waitFor(() => expect(seen.statuses.filter((s) => s.retryInMs !== undefined)).toHaveLength(delays.length));
    const heard = seen.statuses.flatMap((s) => (s.retryInMs === undefined ? [] : [s.retryInMs]));
    for (const [i, ms] of heard.entries()) {
      expect(ms).toBeLessThanOrEqual(delays[i]!);
      expect(ms).toBeGreaterThanOrEqual(delays[i]! - STATUS_INTERVAL);
    }
  });

  it('stops on 401, without a retry loop, and tells every page in plain words', async () => {
    fake = startFakeX();
    let answer!: () => void;
    const after = new Promise<void>((resolve) => (answer = resolve));
    fake.streamAnswers.push({ status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, after });
    const clock = new ManualClock();
    const source = new XSource({ token: CANARY, apiBase: X_BASE, logger: pino({ level: 'silent' }), clock });
    server = await startServer(source);
    const early = await openClient(server.url); // a page that was open when the token was refused
    await vi.waitFor(() => expect(early.statuses).toHaveLength(1));
    answer();
    await vi.waitFor(() => expect(source.status.state).toBe('error'));
    clock.advance(24 * 60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.streamRequests).toBe(1);
    expect(clock.delays()).toEqual([]);

    const message = 'X refused the access token (HTTP 401). The server operator needs to check X_BEARER_TOKEN.';
    await vi.waitFor(() => expect(early.statuses.at(-1)).toEqual({ source: 'x', state: 'error', message }));
    const late = await openClient(server.url); // a page opened afterwards
    await vi.waitFor(() => expect(late.statuses).toEqual([{ source: 'x', state: 'error', message }]));
  });
});

describe('an established connection', () => {
  it('is not one that X answers and closes at once, even after a keep-alive: that backs off', async () => {
    const { clock, source } = await setup();
    fake.onConnect = (connection) => {
      if (fake.connections.length > 50) return; // so that a hot loop, if there were one, ends
      connection.keepAlive();
      connection.close();
    };
    fake.connections[0]!.close(); // the first connection was established: straight back…
    await vi.waitFor(() => expect(fake.streamRequests).toBe(2));
    await vi.waitFor(() => expect(clock.delays()).toContain(250)); // …to one that closes at once
    await settle(50); // a hot loop would have reconnected many times by now
    expect(fake.streamRequests).toBe(2);
    expect(source.stats.keepAlives).toBe(2);
    // Then X's network schedule: 250 ms more per try
    for (const [i, delay] of [250, 500, 750, 1_000].entries()) {
      await vi.waitFor(() => expect(source.status).toMatchObject({ state: 'reconnecting', retryInMs: delay }));
      clock.advance(delay);
      await vi.waitFor(() => expect(fake.streamRequests).toBe(3 + i));
    }
  });

  it('is one that has delivered a post: a drop then reconnects at once, however young it was', async () => {
    const { server, follow, connected } = await setup();
    const client = await server.client();
    const tag = await follow(client, 'cats');
    fake.connections[0]!.close();
    await connected(2);
    fake.connections[1]!.message(xPost('701', 'cats', [tag]));
    fake.connections[1]!.close(); // no clock time has passed on this connection
    await connected(3); // and the clock has not moved: no wait came first
  });

  it('is one that has carried bytes for 10 s: a drop then reconnects at once', async () => {
    const { clock, connected, keepAlive } = await setup();
    fake.connections[0]!.close();
    await connected(2);
    await keepAlive();
    clock.advance(ESTABLISHED_AFTER);
    fake.connections[1]!.close();
    await connected(3);
  });
});

describe('the daily post cap (X_MAX_POSTS_PER_DAY)', () => {
  it('hangs up once the day\'s posts are taken, tells every page, and connects again the next UTC day', async () => {
    const { server, follow, clock, source, connected, logs } = await setup({ maxPostsPerDay: 3 });
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    const connection = fake.connections[0]!;
    connection.message(xPost('801', 'cats one', [tag]));
    connection.message(xPost('802', 'cats two', [tag]));
    // The third post uses up the day, and the fourth came with it (X has billed it already)
    connection.send(`${JSON.stringify(xPost('803', 'cats three', [tag]))}\r\n${JSON.stringify(xPost('804', 'cats four', [tag]))}\r\n`);
    await vi.waitFor(() => expect(seen.posts.map((post) => post.id)).toEqual(['801', '802', '803', '804']));
    await vi.waitFor(() => expect(logs.some((line) => line.includes('"reason":"spent"'))).toBe(true)); // hung up
    connection.message(xPost('805', 'cats five', [tag])); // nobody reads it now
    const spent = { source: 'x', state: 'error', message: 'This server has taken as many posts from X as it may today. The stream resumes after midnight UTC.' };
    expect(source.status).toEqual(spent);
    clock.advance(STATUS_INTERVAL);
    await vi.waitFor(() => expect(seen.statuses.at(-1)).toEqual(spent));
    expect(seen.posts).toHaveLength(4);

    const midnight = (Math.floor(clock.now() / DAY) + 1) * DAY;
    clock.advance(midnight - clock.now() - 1);
    await settle(20);
    expect(fake.streamRequests).toBe(1);
    clock.advance(1);
    await connected(2);
    await vi.waitFor(() => expect(source.status.state).toBe('live'));
  });
});

describe('what is logged from X', () => {
  it('drops a stream line longer than the limit with a logged error, and reads on', async () => {
    const { server, follow, logs } = await setup();
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    fake.connections[0]!.send('x'.repeat(MAX_LINE_CHARS + 1));
    fake.connections[0]!.send('\r\n');
    fake.connections[0]!.message(xPost('901', 'cats after', [tag]));
    await vi.waitFor(() => expect(seen.posts.map((post) => post.id)).toEqual(['901']));
    const errors = logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual(['x: dropped a stream line longer than the limit']);
    expect(fake.streamRequests).toBe(1);
  });

  it('scrubs the token from an error message X sends in the stream', async () => {
    const { logs, connected } = await setup();
    fake.connections[0]!.message({
      errors: [{ title: `operational-disconnect for ${CANARY}`, disconnect_type: 'OperationalDisconnect', detail: `Request had Authorization: Bearer ${CANARY}` }],
    });
    await connected(2);
    const logged = logs.filter((line) => line.includes('operational-disconnect'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('Bearer [redacted]');
    expectNoCanary(logs);
  });

  it('scrubs the token from a network error that echoes the request', async () => {
    const { clock, logs } = await setup();
    const failing = new XSource({
      token: CANARY,
      apiBase: X_BASE,
      clock,
      logger: pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) }),
      rules: { list: async () => [], add: async () => ({ created: [], refused: [] }), remove: async () => {} },
      fetch: async (_url, init) => {
        const auth = new Headers(init?.headers).get('authorization');
        throw new TypeError(`fetch failed: connect ECONNREFUSED (authorization: ${auth}; token=${encodeURIComponent(CANARY)})`);
      },
    });
    failing.start();
    await vi.waitFor(() => expect(logs.some((line) => line.includes('ECONNREFUSED'))).toBe(true));
    await failing.stop();
    expect(logs.find((line) => line.includes('ECONNREFUSED'))).toContain('[redacted]');
    expectNoCanary(logs);
  });

  it('scrubs the token from a rules error title', async () => {
    const { server, clock, source, logs } = await setup();
    const client = await server.client();
    fake.rulesStatus = 503;
    fake.rulesBody = { title: `Service Unavailable (Bearer ${CANARY})` };
    await request(client, 'updateTerm', 'cats');
    clock.advance(SYNC_DEBOUNCE);
    await source.rules.whenIdle();
    expect(logs.some((line) => line.includes('Service Unavailable (Bearer [redacted])'))).toBe(true);
    expectNoCanary(logs);
  });
});

describe('in-stream errors', () => {
  it('reconnects at once after an operational disconnect', async () => {
    const { logs, connected } = await setup();
    fake.connections[0]!.message({
      errors: [{ title: 'operational-disconnect', disconnect_type: 'OperationalDisconnect', detail: 'This stream has been disconnected upstream for operational reasons.', type: 'https://api.twitter.com/2/problems/operational-disconnect' }],
    });
    await connected(2);
    expect(logs.some((line) => line.includes('operational-disconnect'))).toBe(true);
  });

  it('backs off a minute when X says there are too many connections', async () => {
    const { clock, source } = await setup();
    fake.connections[0]!.message({
      errors: [{ title: 'ConnectionException', connection_issue: 'TooManyConnections', detail: 'This stream is currently at the maximum allowed connection limit.' }],
    });
    await vi.waitFor(() => expect(clock.delays()).toEqual([60_000]));
    expect(source.status).toMatchObject({ state: 'reconnecting', retryInMs: 60_000 });
  });

  it('logs any other error message and keeps reading', async () => {
    const { server, follow, logs } = await setup();
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    fake.connections[0]!.message({ errors: [{ title: 'Something odd', detail: 'but not fatal' }] });
    fake.connections[0]!.message(xPost('501', 'cats still', [tag]));
    await vi.waitFor(() => expect(seen.posts).toHaveLength(1));
    expect(fake.streamRequests).toBe(1);
    expect(logs.some((line) => line.includes('Something odd'))).toBe(true);
  });
});

describe('a bug of ours while reading', () => {
  it('is reported as an error and reading goes on, with no reconnect on the one connection', async () => {
    const { server, follow, source } = await setup();
    const client = await server.client();
    const seen = collect(client);
    const tag = await follow(client, 'cats');
    const errors: Error[] = [];
    source.on('error', (err) => errors.push(err));
    const boom = (): never => {
      throw new Error('a listener bug');
    };
    source.prependOnceListener('post', boom);
    fake.connections[0]!.message(xPost('601', 'cats one', [tag]));
    fake.connections[0]!.message(xPost('602', 'cats two', [tag]));
    await vi.waitFor(() => expect(seen.posts.map((post) => post.id)).toEqual(['602']));
    expect(errors.map((err) => err.message)).toEqual(['a listener bug']);
    expect(fake.streamRequests).toBe(1);
  });
});

describe('the bearer token', () => {
  it('never appears in a page, a socket payload or a log line, even on the 401 path', async () => {
    const { server, follow, logs, source, clock } = await setup();
    const client = await server.client();
    const raw: string[] = [];
    client.io.engine.on('packet', (packet) => raw.push(JSON.stringify(packet)));
    const tag = await follow(client, 'cats');
    fake.connections[0]!.message(xPost('601', 'cats', [tag]));
    await vi.waitFor(() => expect(raw.some((line) => line.includes('601'))).toBe(true));

    // Then X starts refusing the token: the rules call that follows a new term fails.
    fake.rulesStatus = 401;
    await request(client, 'updateTerm', 'dogs');
    clock.advance(SYNC_DEBOUNCE);
    await source.rules.whenIdle();
    expect(fake.ruleCalls.at(-1)?.method).toBe('POST'); // the refused rules call
    await vi.waitFor(() => expect(source.status.state).toBe('error'));
    await vi.waitFor(() => expect(raw.some((line) => line.includes('X_BEARER_TOKEN'))).toBe(true));

    const pages = await Promise.all(['/', '/missing'].map(async (path) => (await fetch(server.url + path)).text()));
    expect(fake.requests.some((text) => text.includes(`Bearer ${CANARY}`))).toBe(true); // X did get it
    expect(logs.some((line) => line.includes("access refused"))).toBe(true);
    expectNoCanary([...pages, ...raw, ...logs]);
  });

  it('stays out of the logs and sockets when the stream itself answers 401', async () => {
    fake = startFakeX();
    fake.streamAnswers.push({ status: 401, body: { title: 'Unauthorized', detail: 'Unauthorized' } });
    const logs: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void logs.push(line) });
    const source = new XSource({ token: CANARY, apiBase: X_BASE, logger, clock: new ManualClock() });
    server = await startServer(source, { logger });
    const client = await server.client();
    const raw: string[] = [];
    client.io.engine.on('packet', (packet) => raw.push(JSON.stringify(packet)));
    await vi.waitFor(() => expect(source.status.state).toBe('error'));
    await request(client, 'updateTerm', 'cats'); // something for the socket to carry
    expect(logs.some((line) => line.includes('access refused'))).toBe(true);
    expect(raw.length).toBeGreaterThan(0);
    expectNoCanary([...raw, ...logs]);
  });
});
