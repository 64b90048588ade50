import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { Lease } from '../../../lib/cluster/lease.ts';
import { decode, PostLog } from '../../../lib/cluster/post-log.ts';
import { connectRedis, type Redis } from '../../../lib/cluster/redis.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { makePost } from '../../helpers/manual-source.ts';
import { freshPrefix, startRedis, type RedisServer, redisInstalled } from '../../helpers/redis-server.ts';

let redis: RedisServer;
let client: Redis;
let reader: Redis;
beforeAll(async () => {
  if (!redisInstalled) return; // decode's tests below need no server
  redis = await startRedis();
  client = await connectRedis(redis.url, 'test', silentLogger());
  reader = await connectRedis(redis.url, 'reader', silentLogger());
});
afterAll(async () => {
  client?.destroy();
  reader?.destroy();
  await redis?.stop();
});

function setup(maxLength = 1_000) {
  const keys = clusterKeys(freshPrefix());
  return { keys, log: new PostLog(client, keys, maxLength), lease: new Lease(client, keys, 'a', 10_000) };
}

describe.skipIf(!redisInstalled)('PostLog.appendFenced', () => {
  it('writes while the lease holds the token, with the terms and position', async () => {
    const { log, lease } = setup();
    const token = (await lease.acquire())!;
    const post = makePost('hello');
    const id = await log.appendFenced(token, post, ['hello|'], '1700000000000000');
    expect(id).toMatch(/^\d+-\d+$/);
    expect(await log.read('0-0', 10)).toEqual([{ id, post, termKeys: ['hello|'], position: '1700000000000000' }]);
  });

  it('refuses a deposed leader: a token the lease no longer holds writes nothing', async () => {
    const { log, lease, keys } = setup();
    const old = (await lease.acquire())!;
    await lease.release(old);
    const next = (await new Lease(client, keys, 'b', 10_000).acquire())!;
    expect(await log.appendFenced(old, makePost('late'))).toBeNull();
    expect(await log.lastId()).toBe('0-0');
    expect(await log.appendFenced(next, makePost('fresh'))).not.toBeNull();
  });
});

describe.skipIf(!redisInstalled)('PostLog.appendPushed', () => {
  it('writes without any lease, and the id orders it after the upstream posts', async () => {
    const { log, lease } = setup();
    const first = (await log.appendFenced((await lease.acquire())!, makePost('upstream')))!;
    const pushed = await log.appendPushed(makePost('pushed'), ['pushed|']);
    const entries = await log.read('0-0', 10);
    expect(entries.map((entry) => entry.id)).toEqual([first, pushed]);
    expect(entries[1]!.termKeys).toEqual(['pushed|']);
    expect(entries[1]!.position).toBeUndefined();
  });

  it('keeps the stream near its cap (MAXLEN ~)', async () => {
    const { log } = setup(100);
    for (let i = 0; i < 1_000; i++) await log.appendPushed(makePost(`post ${i}`));
    expect((await log.newest(2_000)).length).toBeLessThan(300);
  });
});

describe.skipIf(!redisInstalled)('PostLog.read', () => {
  it('returns the entries after an id, oldest first, and waits for the next one', async () => {
    const { log } = setup();
    const a = await log.appendPushed(makePost('a'));
    const b = await log.appendPushed(makePost('b'));
    expect((await log.read(a, 10)).map((entry) => entry.id)).toEqual([b]);
    const waiting = log.read(b, 5_000, reader);
    const c = await log.appendPushed(makePost('c'));
    expect((await waiting).map((entry) => entry.id)).toEqual([c]);
    expect(await log.read(c, 10)).toEqual([]);
  });

  it('skips an entry that is not a post', async () => {
    const { log, keys } = setup();
    await client.sendCommand(['XADD', keys.posts, '*', 'p', '{not json']);
    await client.sendCommand(['XADD', keys.posts, '*', 'other', 'field']);
    const good = await log.appendPushed(makePost('fine'));
    expect((await log.read('0-0', 10)).map((entry) => entry.id)).toEqual([good]);
  });
});

describe.skipIf(!redisInstalled)('PostLog.newest and lastId', () => {
  it('lists the newest entries first, and names the last id', async () => {
    const { log } = setup();
    expect(await log.lastId()).toBe('0-0');
    const ids = [];
    for (const text of ['a', 'b', 'c']) ids.push(await log.appendPushed(makePost(text)));
    expect((await log.newest(2)).map((entry) => entry.id)).toEqual([ids[2], ids[1]]);
    expect(await log.lastId()).toBe(ids[2]);
  });
});

describe('decode', () => {
  it('reads a post, its terms and position; anything else is null', () => {
    const post = makePost('x');
    expect(decode('1-0', ['p', JSON.stringify(post), 't', '["x|"]', 'r', '5'])).toEqual({ id: '1-0', post, termKeys: ['x|'], position: '5' });
    expect(decode('1-0', ['p', JSON.stringify(post), 't', '[1]'])).toEqual({ id: '1-0', post });
    expect(decode('1-0', ['p', '{"id":1,"text":"x"}'])).toBeNull();
    expect(decode('1-0', ['p', 'null'])).toBeNull();
    expect(decode('1-0', ['t', '[]'])).toBeNull();
  });
});
