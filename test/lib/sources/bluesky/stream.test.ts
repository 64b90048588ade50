import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Post, StreamStatus } from '../../../../lib/contract/events.ts';
import { parseTerm } from '../../../../lib/match/query.ts';
import { DEFAULT_AVATAR } from '../../../../lib/sources/post.ts';
import { fallbackAuthor } from '../../../../lib/sources/bluesky/profiles.ts';
import { BlueskySource, MAX_PAYLOAD_BYTES, REWIND_US, type BlueskyTiming } from '../../../../lib/sources/bluesky/stream.ts';
import { MAX_FRAME_BYTES } from '../../../../lib/sources/bluesky/frames.ts';
import { API_BASE, fakeBskyApi, handleOf } from '../../../helpers/bsky-api.ts';
import {
  BASE_TIME_US,
  deleteFrame,
  identityFrame,
  postFrame,
  startFakeJetstream,
  testDid,
  type FakeJetstream,
} from '../../../helpers/fake-jetstream.ts';
import { request, settle, startServer } from '../../../helpers/server.ts';

const SECOND_US = 1_000_000;
const FAST: Partial<BlueskyTiming> = { batchWindowMs: 5, profileWaitMs: 2_000, backoffBaseMs: 10, backoffMaxMs: 40 };

const api = fakeBskyApi();
beforeAll(() => api.listen());
afterAll(() => api.close());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  api.reset();
});

async function fakeJetstream(options?: { autoPong?: boolean }): Promise<FakeJetstream> {
  const fake = await startFakeJetstream(options);
  cleanups.push(() => fake.close());
  return fake;
}

interface Watched {
  source: BlueskySource;
  posts: Post[];
  statuses: StreamStatus[];
  errors: Error[];
  /** Resolves once `done()` holds, checked after every event the source emits. */
  until(done: () => boolean): Promise<void>;
}

const at = (second: number) => BASE_TIME_US + second * SECOND_US;
const MINUTE_US = 60 * SECOND_US;
const DAY_US = 24 * 60 * MINUTE_US;

/** The source's clock in tests: a minute after the first frame, unless a test moves it. */
const clockAt = (timeUs: number) => () => new Date(timeUs / 1_000);
const TEST_NOW = clockAt(at(60));

function watch(urls: string[], options: Partial<ConstructorParameters<typeof BlueskySource>[0]> = {}): Watched {
  const source = new BlueskySource({ urls, profileApi: API_BASE, random: () => 1, now: TEST_NOW, ...options, timing: { ...FAST, ...options.timing } });
  const watched: Watched = { source, posts: [], statuses: [], errors: [], until: () => Promise.resolve() };
  const checks = new Set<() => void>();
  const poke = () => checks.forEach((check) => check());
  source.on('post', (post) => (watched.posts.push(post), poke()));
  source.on('status', (status) => (watched.statuses.push(status), poke()));
  source.on('error', (err) => (watched.errors.push(err), poke()));
  watched.until = (done) =>
    new Promise((resolve) => {
      const check = () => done() && (checks.delete(check), resolve());
      checks.add(check);
      check();
    });
  cleanups.push(() => source.stop());
  return watched;
}

/** A loopback URL where nothing listens, so connecting fails at once. */
async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `ws://127.0.0.1:${port}/subscribe`;
}

/** Follows a term on the source directly, as the hub's debounced follows would. */
function follow(source: BlueskySource, term: string): string {
  const parsed = parseTerm(term);
  if (!parsed.ok) throw new Error(parsed.error);
  source.follow(`term:*:${parsed.value.term}`, parsed.value.query);
  return `term:*:${parsed.value.term}`;
}

describe('posts', () => {
  it('turns Jetstream post creates into cards with the author from getProfiles', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    follow(source, 'rsv, olá');
    source.start();
    const connection = await fake.nextConnection();
    connection.send(postFrame(testDid(1), '3mmoojp4cd223', 'Try RSV for a good time !!', at(0), ['en', 'pt']));
    connection.send(postFrame(testDid(2), '3mmoojp4cd224', 'Olá', at(1), ['pt']));
    await until(() => posts.length === 2);

    expect(connection.params.get('wantedCollections')).toBe('app.bsky.feed.post');
    expect(connection.cursor).toBeNull();
    const did = testDid(1);
    expect(posts.find((post) => post.id === `${did}/3mmoojp4cd223`)).toEqual({
      id: `${did}/3mmoojp4cd223`,
      name: `Name ${did.slice(-6)}`,
      screen_name: handleOf(did),
      text: 'Try RSV for a good time !!',
      user_profile_image: `https://cdn.bsky.app/img/avatar/plain/${did}/abc@jpeg`,
      created_at: new Date(at(0) / 1000).toISOString(),
      lang: 'en',
      url: `https://bsky.app/profile/${did}/post/3mmoojp4cd223`,
      profile_url: `https://bsky.app/profile/${did}`,
      source: 'bluesky',
    });
    expect(api.calls).toEqual([[testDid(1), testDid(2)]]);
    expect(source.stats).toMatchObject({ frames: 2, posts: 2, cursor: at(1) });
  });

  it('reaches a browser following a matching term, end to end through Socket.IO', async () => {
    const fake = await fakeJetstream();
    const server = await startServer(new BlueskySource({ urls: [fake.url], profileApi: API_BASE, timing: FAST }));
    cleanups.push(() => server.close()); // before the fake Jetstream, so the source never sees it vanish
    const connection = await fake.nextConnection();
    const client = await server.client();
    expect(await request(client, 'updateTerm', 'rsv')).toEqual({ data: { term: 'rsv', lang: null } });

    const received = new Promise<Post>((resolve) => client.once('tweets', resolve));
    connection.send(postFrame(testDid(1), 'a1', 'Nothing to see here', at(0)));
    connection.send(postFrame(testDid(2), 'a2', 'Try RSV for a good time !!', at(1)));
    const post = await received;
    expect(post).toMatchObject({ id: `${testDid(2)}/a2`, text: 'Try RSV for a good time !!', source: 'bluesky' });
    expect(post.screen_name).toBe(handleOf(testDid(2)));
  });

  it('sends a post promptly with a fallback author when the profile lookup fails', async () => {
    api.failWith = 500;
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    follow(source, 'hello');
    source.start();
    (await fake.nextConnection()).send(postFrame('did:plc:q235v55g5unth4zjjdpacfdr', 'a1', 'hello', at(0)));
    await until(() => posts.length === 1);
    expect(posts[0]).toMatchObject({
      name: 'Bluesky user',
      screen_name: 'did:plc:q235v55g…',
      user_profile_image: DEFAULT_AVATAR,
      profile_url: 'https://bsky.app/profile/did:plc:q235v55g5unth4zjjdpacfdr',
    });
    expect(source.stats.fallbackAuthors).toBe(1);
  });

  it('does not hold a post longer than profileWaitMs when the lookup hangs', async () => {
    const fake = await fakeJetstream();
    const hang: typeof fetch = () => new Promise(() => {});
    const { source, posts, until } = watch([fake.url], { fetch: hang, timing: { profileWaitMs: 20 } });
    follow(source, 'hello');
    source.start();
    (await fake.nextConnection()).send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    await until(() => posts.length === 1);
    expect(posts[0]).toMatchObject({ name: 'Bluesky user', user_profile_image: DEFAULT_AVATAR });
  });
});

describe('resume', () => {
  it('reconnects after a drop with the cursor rewound 5 s, delivering every post exactly once', async () => {
    const fake = await fakeJetstream();
    const log = Array.from({ length: 20 }, (_, n) => postFrame(testDid(n % 3), `post${n}`, `post number ${n}`, at(n)));
    const { source, posts, statuses, until } = watch([fake.url]);
    source.start();

    const first = await fake.nextConnection();
    first.replay(log, 12);
    await until(() => posts.length === 12);
    first.drop();

    const second = await fake.nextConnection();
    expect(second.cursor).toBe(at(11) - REWIND_US);
    second.replay(log);
    await until(() => source.stats.frames === 12 + 14 && posts.length === 20);

    const ids = posts.map((post) => post.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(log.map((frame, n) => `${frame.did}/post${n}`)));
    expect(source.stats).toMatchObject({ posts: 20, duplicates: 6, reconnects: 1 });
    expect(statuses.map((status) => status.state)).toEqual(['live', 'reconnecting', 'live']);
  });

  it("says where it is, and starts from another process's position rewound 5 s (a cluster's new leader)", async () => {
    const fake = await fakeJetstream();
    const first = watch([fake.url]);
    expect(first.source.position).toBeNull();
    first.source.start();
    (await fake.nextConnection()).replay([postFrame(testDid(1), 'a', 'one', at(7))]);
    await first.until(() => first.posts.length === 1);
    expect(first.source.position).toBe(String(at(7)));

    const next = watch([fake.url]);
    next.source.resumeFrom('not a time'); // ignored
    next.source.resumeFrom(String(at(7)));
    next.source.start();
    expect((await fake.nextConnection()).cursor).toBe(at(7) - REWIND_US);
  });

  it('resumes from deletes and identity events too, since they are processed frames', async () => {
    const fake = await fakeJetstream();
    const { source } = watch([fake.url]);
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    first.send(deleteFrame(testDid(1), 'a0', at(30)));
    await vi.waitFor(() => expect(source.stats.frames).toBe(2)); // a delete emits nothing that `until` could wait on
    first.drop();
    expect((await fake.nextConnection()).cursor).toBe(at(30) - REWIND_US);
  });
});

describe('watchdog', () => {
  it('reconnects when a host goes silent without closing', async () => {
    const fake = await fakeJetstream();
    const { source, errors } = watch([fake.url], { timing: { idleTimeoutMs: 100, pingIntervalMs: 60_000 } });
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    const second = await fake.nextConnection();
    expect(second.cursor).toBe(at(0) - REWIND_US);
    expect(errors.map((err) => err.message)).toEqual([`Jetstream 127.0.0.1:${new URL(fake.url).port}: no frames for 100 ms`]);
  });

  it('reconnects when a ping goes unanswered', async () => {
    const fake = await fakeJetstream({ autoPong: false });
    const { source, errors } = watch([fake.url], { timing: { idleTimeoutMs: 60_000, pingIntervalMs: 20 } });
    source.start();
    await fake.nextConnection();
    await fake.nextConnection();
    expect(errors[0]?.message).toMatch(/no answer to a ping$/);
  });

  it('keeps a connection whose host answers pings and sends frames', async () => {
    const fake = await fakeJetstream();
    const { source } = watch([fake.url], { timing: { idleTimeoutMs: 200, pingIntervalMs: 10 } });
    source.start();
    const connection = await fake.nextConnection();
    for (let n = 0; n < 6; n += 1) {
      connection.send(deleteFrame(testDid(1), `d${n}`, at(n)));
      await settle(50);
    }
    expect(fake.connections).toHaveLength(1);
    expect(source.stats.reconnects).toBe(0);
  });
});

describe('reconnect', () => {
  it('backs off with jitter, rotates hosts, and resets the schedule once posts flow', async () => {
    const fake = await fakeJetstream();
    const dead = await deadUrl();
    const { source, statuses, until } = watch([dead, fake.url], { random: () => 0.5 });
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    await until(() => statuses.at(-1)?.state === 'live');
    first.drop();
    await fake.nextConnection();

    // base 10 ms doubling, times 0.5 + 0.5 × 0.5: dead host, fake (live, reset), fake drops, dead host again
    expect(statuses).toEqual([
      { source: 'bluesky', state: 'reconnecting', message: 'The Bluesky stream dropped; reconnecting.', retryInMs: 8 },
      { source: 'bluesky', state: 'live' },
      { source: 'bluesky', state: 'reconnecting', message: 'The Bluesky stream dropped; reconnecting.', retryInMs: 8 },
      { source: 'bluesky', state: 'reconnecting', message: 'The Bluesky stream dropped; reconnecting.', retryInMs: 15 },
    ]);
  });

  it('caps the delay while every host is down, and never throws', async () => {
    const { source, statuses, errors, until } = watch([await deadUrl(), await deadUrl()]);
    source.start();
    await until(() => errors.length === 5);
    // Every retry is announced, so the page's countdown restarts at the cap
    expect(statuses.map((status) => status.retryInMs)).toEqual([10, 20, 40, 40, 40]);
    expect(source.stats.reconnects).toBe(5);
  });

  it('stops for good on stop()', async () => {
    const fake = await fakeJetstream();
    const { source } = watch([fake.url]);
    source.start();
    const connection = await fake.nextConnection();
    const closed = new Promise((resolve) => connection.socket.once('close', resolve));
    await source.stop();
    await closed;
    await settle(60);
    expect(fake.connections).toHaveLength(1);
  });
});

describe('bad frames', () => {
  it('skips and counts junk and oversize frames, keeping the connection', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    source.start();
    const connection = await fake.nextConnection();
    connection.send('hello');
    connection.send('{"did":');
    connection.send('[1,2]');
    connection.send({ did: testDid(1), time_us: at(0), kind: 'commit', commit: { operation: 'create' } });
    connection.send(postFrame(testDid(1), 'big', 'x'.repeat(MAX_FRAME_BYTES), at(1)));
    connection.socket.send(Buffer.from('\x28\xb5\x2f\xfd'), { binary: true });
    connection.send(postFrame(testDid(1), 'ok', 'still here', at(2)));
    await until(() => posts.length === 1);

    expect(posts[0]?.text).toBe('still here');
    expect(source.stats).toMatchObject({ frames: 7, notJson: 3, badShape: 2, oversize: 1, posts: 1, reconnects: 0 });
    expect(fake.connections).toHaveLength(1);
  });

  it('survives a frame past the socket bound by reconnecting', async () => {
    const fake = await fakeJetstream();
    const { source, errors } = watch([fake.url]);
    source.start();
    (await fake.nextConnection()).send('x'.repeat(MAX_PAYLOAD_BYTES + 1));
    await fake.nextConnection();
    expect(errors[0]?.message).toMatch(/Max payload size exceeded$/);
    expect(source.stats.reconnects).toBe(1);
  });
});

describe('deletes and identity events', () => {
  it('ignores and counts deletes, and takes a new handle from an identity event', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    follow(source, 'before, after');
    source.start();
    const connection = await fake.nextConnection();
    connection.send(postFrame(testDid(1), 'a1', 'before', at(0)));
    await until(() => posts.length === 1);
    connection.send(identityFrame(testDid(1), 'renamed.example', at(1)));
    connection.send(deleteFrame(testDid(1), 'a1', at(2)));
    connection.send(postFrame(testDid(1), 'a2', 'after', at(3)));
    await until(() => posts.length === 2);

    expect(posts.map((post) => [post.text, post.screen_name])).toEqual([
      ['before', handleOf(testDid(1))],
      ['after', 'renamed.example'],
    ]);
    expect(source.stats).toMatchObject({ frames: 4, posts: 2, delete: 1, identities: 1, cursor: at(3) });
    expect(api.calls).toHaveLength(1);
  });
});

describe('catch-up after an outage', () => {
  it('resumes at most 10 minutes back after a 3-day gap, and tells the pages what was skipped', async () => {
    const fake = await fakeJetstream();
    let nowUs = at(60);
    const { source, posts, statuses, until } = watch([fake.url], { now: () => new Date(nowUs / 1_000) });
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'before', 'the last post before the outage', at(0)));
    await until(() => posts.length === 1);
    nowUs = at(0) + 3 * DAY_US; // the next connection is made three days later
    first.drop();

    // The relay still holds a post every 10 minutes of the gap: 432 of them
    const gap = Array.from({ length: 432 }, (_, n) => postFrame(testDid(n), `gap${n}`, `missed ${n}`, at(0) + (n + 1) * 10 * MINUTE_US - SECOND_US));
    const second = await fake.nextConnection();
    expect(second.cursor).toBe(nowUs - 10 * MINUTE_US);
    second.replay(gap);
    await until(() => statuses.at(-1)?.state === 'live' && posts.length > 1);
    await settle(50);

    expect(posts.slice(1).map((post) => post.text)).toEqual(['missed 431']);
    expect(statuses.at(-1)).toEqual({
      source: 'bluesky',
      state: 'live',
      message: 'The Bluesky stream was down for 3 days; posts older than 10 minutes were skipped.',
    });
  });

  it('says nothing about a gap when the resume reaches back to the last post', async () => {
    const fake = await fakeJetstream();
    let nowUs = at(60);
    const { source, posts, statuses, until } = watch([fake.url], { now: () => new Date(nowUs / 1_000) });
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    await until(() => posts.length === 1);
    nowUs = at(0) + 9 * MINUTE_US;
    first.drop();
    const second = await fake.nextConnection();
    expect(second.cursor).toBe(at(0) - REWIND_US);
    second.send(postFrame(testDid(1), 'a2', 'again', at(1)));
    await until(() => posts.length === 2);
    expect(statuses.at(-1)).toEqual({ source: 'bluesky', state: 'live' });
  });

  it('takes the bound from maxRewindMs', async () => {
    const fake = await fakeJetstream();
    let nowUs = at(60);
    const { source, posts, until } = watch([fake.url], { now: () => new Date(nowUs / 1_000), timing: { maxRewindMs: 60_000 } });
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    await until(() => posts.length === 1);
    nowUs = at(0) + DAY_US;
    first.drop();
    expect((await fake.nextConnection()).cursor).toBe(nowUs - MINUTE_US);
  });

  it('keeps the cursor where it was when a frame is stamped far in the future', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    source.start();
    const first = await fake.nextConnection();
    first.send(postFrame(testDid(1), 'a1', 'hello', at(0)));
    first.send(postFrame(testDid(2), 'a2', 'from the future', at(60) + 365 * DAY_US));
    await until(() => posts.length === 2);
    expect(source.stats).toMatchObject({ cursor: at(0), futureTimes: 1 });
    first.drop();
    expect((await fake.nextConnection()).cursor).toBe(at(0) - REWIND_US);
  });
});

describe('author lookups', () => {
  it('looks up no author for a post that matches no followed term, and sends it at once', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    follow(source, 'rsv');
    source.start();
    const connection = await fake.nextConnection();
    connection.send(postFrame(testDid(1), 'a1', 'Nothing to see here', at(0)));
    await until(() => posts.length === 1);
    expect(posts[0]).toMatchObject({ text: 'Nothing to see here', name: fallbackAuthor(testDid(1)).name, screen_name: fallbackAuthor(testDid(1)).handle });

    connection.send(postFrame(testDid(2), 'a2', 'Try RSV for a good time !!', at(1)));
    await until(() => posts.length === 2);
    expect(posts[1]?.screen_name).toBe(handleOf(testDid(2)));
    expect(api.calls).toEqual([[testDid(2)]]);
    expect(source.stats.fallbackAuthors).toBe(0); // a post that matched nothing is not a failed lookup
  });

  it('stops looking up authors for a term once it is unfollowed', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url]);
    const key = follow(source, 'rsv');
    source.unfollow(key);
    source.start();
    (await fake.nextConnection()).send(postFrame(testDid(1), 'a1', 'rsv again', at(0)));
    await until(() => posts.length === 1);
    await settle(20);
    expect(api.calls).toEqual([]);
  });

  it('sends posts in arrival order, even when an earlier one waits longer for its author', async () => {
    const fake = await fakeJetstream();
    const { source, posts, until } = watch([fake.url], { timing: { batchWindowMs: 30 } });
    follow(source, 'rsv');
    source.start();
    const connection = await fake.nextConnection();
    connection.send(postFrame(testDid(1), 'a1', 'rsv first', at(0)));
    await until(() => posts.length === 1); // testDid(1) is cached from here on

    connection.send(postFrame(testDid(2), 'a2', 'rsv by a new author', at(1)));
    connection.send(postFrame(testDid(1), 'a3', 'rsv by a known author', at(2)));
    connection.send(postFrame(testDid(3), 'a4', 'matches nothing', at(3)));
    await until(() => posts.length === 4);
    expect(posts.map((post) => post.text)).toEqual(['rsv first', 'rsv by a new author', 'rsv by a known author', 'matches nothing']);
    expect(posts[1]?.screen_name).toBe(handleOf(testDid(2)));
  });
});
