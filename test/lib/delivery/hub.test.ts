// lib/delivery/hub.ts: rooms decide what the source follows, each post is matched once
// and sent to its term's room and batch rooms, notices reach a term's whole audience,
// and a throw in one step goes no further than that step.
import http from 'node:http';
import { Writable } from 'node:stream';
import { Server } from 'socket.io';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { compareCursors } from '../../../lib/contract/cursor.ts';
import { CLIENT_ERRORS } from '../../../lib/contract/errors.ts';
import type { Post } from '../../../lib/contract/events.ts';
import type { StreamServer } from '../../../lib/contract/io.ts';
import type { Follows } from '../../../lib/delivery/follow-debounce.ts';
import { createHub } from '../../../lib/delivery/hub.ts';
import { createLogger } from '../../../lib/support/logger.ts';
import { makePost, ManualSource } from '../../helpers/manual-source.ts';
import { request, settle, startServer, type TestClient } from '../../helpers/server.ts';

const WINDOW = 50; // ms, the shortest batch window a client may ask for

/** The text of every post this client gets, one at a time or in batches. */
function received(client: TestClient): string[] {
  const texts: string[] = [];
  client.on('tweets', (post: Post) => texts.push(post.text));
  client.on('tweetBatch', (posts: Post[]) => texts.push(...posts.map((post) => post.text)));
  return texts;
}

/** A hub on a bare Socket.IO server, with a chosen `follows` and every log line kept. */
async function bareHub(follows: Follows) {
  const lines: Array<Record<string, unknown>> = [];
  const logs = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  const httpServer = http.createServer();
  const io: StreamServer = new Server(httpServer);
  onTestFinished(() => io.close());
  const source = new ManualSource();
  const hub = createHub(io, source, createLogger('debug', logs), follows);
  return { adapter: io.of('/').adapter, hub, source, lines };
}

describe('follow and unfollow', () => {
  it('tell the source once per term, for as long as its plain room or any batch room holds it', async () => {
    const server = await startServer();
    const plain = await server.client();
    const batched = await server.client({ auth: { batchMs: WINDOW } });
    await request(plain, 'updateTerm', 'cats');
    await request(batched, 'updateTerm', 'cats');
    expect([...server.source.followed.keys()]).toEqual(['term:*:cats']);
    expect(server.hub.audience('term:*:cats')).toEqual(['term:*:cats', `batch:${WINDOW}:term:*:cats`]);
    expect(server.hub.watchers('term:*:cats')).toBe(2);

    await request(plain, 'stopStream');
    expect(server.source.followed.size).toBe(1);
    expect(server.hub.watchers('term:*:cats')).toBe(1);

    await request(batched, 'stopStream');
    expect(server.source.followed.size).toBe(0);
    expect(server.hub.index.size).toBe(0);
  });

  it('ignore rooms that are not terms', async () => {
    const server = await startServer();
    await server.client({ auth: { stats: true } }); // joins the stats room
    expect(server.hub.index.size).toBe(0);
    expect(server.source.followed.size).toBe(0);
  });
});

describe('posts', () => {
  it('reach the term room one by one and its batch rooms in a batch, and no other term', async () => {
    const server = await startServer();
    const plain = await server.client();
    const batched = await server.client({ auth: { batchMs: WINDOW } });
    const other = await server.client();
    const [gotPlain, gotBatched, gotOther] = [received(plain), received(batched), received(other)];
    await request(plain, 'updateTerm', 'cats');
    await request(batched, 'updateTerm', 'cats');
    await request(other, 'updateTerm', 'dogs');
    const batch = new Promise((resolve) => batched.once('tweetBatch', resolve));

    server.source.push('cats one');
    server.source.push('cats two');
    await batch;
    expect(gotPlain).toEqual(['cats one', 'cats two']);
    expect(gotBatched).toEqual(['cats one', 'cats two']);
    expect(gotOther).toEqual([]);
  });

  it('go only to the terms the source names, when it names them', async () => {
    const server = await startServer();
    const cats = await server.client();
    const dogs = await server.client();
    const [gotCats, gotDogs] = [received(cats), received(dogs)];
    await request(cats, 'updateTerm', 'cats');
    await request(dogs, 'updateTerm', 'dogs');

    server.source.emit('post', makePost('cats, as far as the text goes'), ['term:*:dogs']);
    await expect.poll(() => gotDogs).toEqual(['cats, as far as the text goes']);
    await settle();
    expect(gotCats).toEqual([]);
  });
});

describe('activity', () => {
  it('counts each post in, each term it matches, and each socket it is handed to, batched or not', async () => {
    const server = await startServer();
    const plain = await server.client();
    const alsoPlain = await server.client();
    const batched = await server.client({ auth: { batchMs: WINDOW } });
    const other = await server.client();
    for (const client of [plain, alsoPlain, batched]) await request(client, 'updateTerm', 'cats');
    await request(other, 'updateTerm', 'dogs');
    const batch = new Promise((resolve) => batched.once('tweetBatch', resolve));

    server.source.push('cats one');
    server.source.push('cats and dogs');
    server.source.push('nothing followed');
    await batch;

    // 3 posts in; matches: cats, cats, dogs; deliveries: 2 plain + 1 batched per cats post, 1 for dogs
    expect(server.socketIO.activity).toEqual({ postsIn: 3, matches: 3, deliveries: 7, skipped: 0 });
  });
});

describe('notice', () => {
  it("goes to every socket following the term, batched or not, and to no one else", async () => {
    const server = await startServer();
    const plain = await server.client();
    const batched = await server.client({ auth: { batchMs: WINDOW } });
    const other = await server.client();
    const heard: string[] = [];
    for (const [name, client] of [['plain', plain], ['batched', batched], ['other', other]] as const) {
      client.on('inputError', (message) => heard.push(`${name}: ${message}`));
    }
    await request(plain, 'updateTerm', 'cats');
    await request(batched, 'updateTerm', 'cats');
    await request(other, 'updateTerm', 'dogs');

    server.source.emit('notice', 'term:*:cats', CLIENT_ERRORS.xTermRefused);
    await expect.poll(() => heard.toSorted()).toEqual([`batched: ${CLIENT_ERRORS.xTermRefused}`, `plain: ${CLIENT_ERRORS.xTermRefused}`]);
    await settle();
    expect(heard).toHaveLength(2);
  });

  it('says only an allow-listed sentence, whatever the source sent', async () => {
    const server = await startServer();
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    const message = new Promise((resolve) => client.once('inputError', resolve));
    server.source.emit('notice', 'term:*:cats', 'HTTP 500 from https://api.x.com/2/tweets/search/stream/rules');
    expect(await message).toBe(CLIENT_ERRORS.internal);
  });
});

describe('status', () => {
  it("is the source's own status, now", async () => {
    const server = await startServer();
    expect(server.hub.status).toEqual({ source: 'demo', state: 'live' });
    server.source.announce('error', 'The stream is unavailable.');
    expect(server.hub.status).toEqual({ source: 'demo', state: 'error', message: 'The stream is unavailable.' });
  });
});

describe('containment', () => {
  it('logs a throw in follow, keeps the term in the index, and goes on following others', async () => {
    const followed: string[] = [];
    const { adapter, hub, lines } = await bareHub({
      follow(key) {
        followed.push(key);
        if (key === 'term:*:cats') throw new Error('rules endpoint exploded');
      },
      unfollow() {},
    });
    expect(() => adapter.addAll('socket-a', new Set(['term:*:cats']))).not.toThrow();
    adapter.addAll('socket-b', new Set(['term:*:dogs']));
    expect(followed).toEqual(['term:*:cats', 'term:*:dogs']);
    expect(hub.index.has('term:*:cats')).toBe(true);
    expect(lines.filter((line) => line.msg === 'contained an error').map((line) => line.step)).toEqual(['follow']);
  });

  it('logs a throw in unfollow and still drops the term', async () => {
    const { adapter, hub, lines } = await bareHub({
      follow() {},
      unfollow() {
        throw new Error('rules endpoint exploded');
      },
    });
    adapter.addAll('socket-a', new Set(['term:*:cats']));
    expect(() => adapter.del('socket-a', 'term:*:cats')).not.toThrow();
    expect(hub.index.has('term:*:cats')).toBe(false);
    expect(lines.filter((line) => line.msg === 'contained an error').map((line) => line.step)).toEqual(['unfollow']);
  });

  it('logs a post that cannot be matched, and goes on matching the next', async () => {
    const { adapter, hub, source, lines } = await bareHub({ follow() {}, unfollow() {} });
    adapter.addAll('socket-a', new Set(['term:*:cats']));
    expect(() => source.emit('post', { text: null } as never)).not.toThrow();
    expect(lines.filter((line) => line.msg === 'contained an error').map((line) => line.step)).toEqual(['deliver']);
    expect(hub.index.match(makePost('cats again'))).toEqual(['term:*:cats']);
  });
});

describe('cursors and the replay window', () => {
  it('stamp every post that leaves with a growing cursor, on a copy, and keep one the source set', async () => {
    const server = await startServer();
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    const got: Post[] = [];
    client.on('tweets', (post) => got.push(post));
    const original = makePost('cats one');
    server.source.pushPost(original);
    server.source.pushPost(original); // a source may hand out the same object twice
    server.source.push('cats relayed', { cursor: '99999999999999-5' }); // as cluster mode relays a Redis Stream entry
    server.source.push('cats after');
    await vi.waitFor(() => expect(got).toHaveLength(4), { interval: 5 });
    const cursors = got.map((post) => post.cursor!);
    expect(original.cursor).toBeUndefined();
    expect(cursors[2]).toBe('99999999999999-5');
    expect(cursors[3]).toBe('99999999999999-6');
    expect([...cursors].sort(compareCursors)).toEqual(cursors);
    expect(new Set(cursors).size).toBe(4);
  });

  it('deliver a relayed post whose cursor is not after the latest one only once', async () => {
    const server = await startServer();
    const client = await server.client();
    await request(client, 'updateTerm', 'cats');
    const got = received(client);
    server.source.push('cats first', { cursor: '5000-1' });
    server.source.push('cats first', { cursor: '5000-1' }); // the same entry read twice
    server.source.push('cats older', { cursor: '4000-0' });
    server.source.push('cats next', { cursor: '5000-2' });
    await expect.poll(() => got).toEqual(['cats first', 'cats next']);
    await settle();
    expect(got).toEqual(['cats first', 'cats next']);
  });

  it('record every post, matched or not, and the term keys the source gave', async () => {
    const server = await startServer();
    server.source.push('nobody follows this');
    server.source.emit('post', makePost('woven without the word'), ['term:*:cats']);
    expect(server.hub.replayWindow.size).toBe(2);
    const replay = server.hub.replay('term:*:cats', '0-0');
    expect(replay.posts.map((post) => post.text)).toEqual(['woven without the word']);
    expect(server.hub.replay('term:*:nobody', '0-0').posts.map((post) => post.text)).toEqual(['nobody follows this']);
    expect(server.hub.latest).toBe(replay.posts[0]!.cursor);
  });
});
