import { afterEach, describe, expect, it } from 'vitest';
import type { Post, StreamStatus } from '../../../lib/contract/events.ts';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { PostLog } from '../../../lib/cluster/post-log.ts';
import { connectRedis } from '../../../lib/cluster/redis.ts';
import { NO_LEADER, REDIS_DOWN, RelaySource } from '../../../lib/cluster/relay.ts';
import { parseTermKey, termKey } from '../../../lib/delivery/rooms.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { makePost } from '../../helpers/manual-source.ts';
import { freshPrefix, redisForFile, redisInstalled } from '../../helpers/redis-server.ts';

const redis = redisForFile();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function relay(options: Partial<ConstructorParameters<typeof RelaySource>[0]> = {}) {
  const keys = clusterKeys(freshPrefix());
  const log = new PostLog(redis.client, keys, 1_000);
  const reader = await connectRedis(redis.server.url, 'reader', silentLogger());
  const source = new RelaySource({ name: 'bluesky', log, reader, logger: silentLogger(), readBlockMs: 200, ...options });
  const posts: { post: Post; termKeys?: readonly string[] }[] = [];
  const statuses: StreamStatus[] = [];
  source.on('post', (post, termKeys) => posts.push({ post, termKeys }));
  source.on('status', (status) => statuses.push(status));
  cleanups.push(async () => {
    await source.stop();
    reader.destroy();
    await source.stopped();
  });
  return { source, log, posts, statuses };
}

const key = (term: string): string => termKey({ term, lang: null });
const query = (term: string) => parseTermKey(key(term))!.query;

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.skipIf(!redisInstalled)('RelaySource', () => {
  it('hands the newest entries to preload, oldest first with their cursors, and relays only what comes after', async () => {
    const preloaded: { id: string; cursor?: string; text: string; termKeys?: string[] }[] = [];
    const { source, log, posts } = await relay({
      preload: (entries) => preloaded.push(...entries.map(({ id, post, termKeys }) => ({ id, cursor: post.cursor, text: post.text, termKeys }))),
    });
    const first = await log.appendPushed(makePost('earlier one'), ['one|']);
    const second = await log.appendPushed(makePost('earlier two'));
    source.start();
    await until(() => source.lastId === second);
    expect(preloaded).toEqual([
      { id: first, cursor: first, text: 'earlier one', termKeys: ['one|'] },
      { id: second, cursor: second, text: 'earlier two', termKeys: undefined },
    ]);
    const live = await log.appendPushed(makePost('live'));
    await until(() => posts.length === 1);
    expect(posts.map(({ post }) => [post.text, post.cursor])).toEqual([['live', live]]);
  });

  it('relays each new log entry with its id as the cursor and the terms the upstream gave', async () => {
    const { source, log, posts } = await relay();
    const before = await log.appendPushed(makePost('already there'));
    source.start();
    await until(() => source.lastId === before); // a new node starts at the end of the log
    const a = makePost('one');
    const idA = await log.appendPushed(a, ['one|']);
    const idB = await log.appendPushed(makePost('two'));
    await until(() => posts.length === 2);
    expect(posts[0]).toEqual({ post: { ...a, cursor: idA }, termKeys: ['one|'] });
    expect(posts.map(({ post }) => post.cursor)).toEqual([idA, idB]);
  });

  it('says "reconnecting" while Redis is down, and relays again once it is back', async () => {
    const { source, log, posts, statuses } = await relay();
    source.start();
    source.upstream({ source: 'bluesky', state: 'live' });
    await until(() => source.lastId !== null);
    await redis.server.stop();
    await until(() => !source.redisUp);
    expect(source.status).toMatchObject({ state: 'reconnecting', message: REDIS_DOWN });
    await redis.server.start();
    await until(() => source.redisUp);
    expect(source.status.state).toBe('live');
    await log.appendPushed(makePost('after the restart'));
    await until(() => posts.length === 1);
    expect(statuses.map((status) => status.state)).toEqual(['live', 'reconnecting', 'live']);
  });

  it("shows the leader's status, announcing only changes", async () => {
    const { source, statuses } = await relay();
    expect(source.status.state).toBe('connecting');
    source.upstream(null);
    expect(source.status).toMatchObject({ state: 'connecting', message: NO_LEADER });
    const retry: StreamStatus = { source: 'bluesky', state: 'reconnecting', message: 'dropped', retryInMs: 1_000 };
    source.upstream(retry);
    source.upstream({ ...retry }); // heard twice (adapter, then heartbeat): once
    source.upstream({ source: 'bluesky', state: 'live' });
    expect(statuses.map((status) => status.state)).toEqual(['connecting', 'reconnecting', 'live']);
  });

  it('keeps the terms this node follows, asks the local source about new ones, and passes notices on', async () => {
    let changes = 0;
    const { source } = await relay({ termsChanged: () => (changes += 1), admit: (termKey) => (termKey === key('the') ? 'too broad' : null) });
    const notices: [string, string][] = [];
    source.on('notice', (termKey, message) => notices.push([termKey, message]));
    source.follow(key('cat'), query('cat'));
    source.follow(key('dog'), query('dog'));
    source.unfollow(key('cat'));
    source.unfollow(key('cat')); // not followed: no change
    expect([...source.terms.keys()]).toEqual([key('dog')]);
    expect(changes).toBe(3);
    expect(source.admit(key('the'), query('the'), '1.2.3.4')).toBe('too broad');
    expect(source.admit(key('owl'), query('owl'), '1.2.3.4')).toBeNull();
    source.notice(key('dog'), 'a sentence');
    expect(notices).toEqual([[key('dog'), 'a sentence']]);
  });
});
