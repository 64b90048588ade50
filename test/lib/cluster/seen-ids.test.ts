import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { connectRedis, type Redis } from '../../../lib/cluster/redis.ts';
import { clusterDedupe } from '../../../lib/cluster/seen-ids.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { freshPrefix, startRedis, type RedisServer, redisInstalled } from '../../helpers/redis-server.ts';

let redis: RedisServer;
let a: Redis;
let b: Redis;
beforeAll(async () => {
  redis = await startRedis();
  a = await connectRedis(redis.url, 'node a', silentLogger());
  b = await connectRedis(redis.url, 'node b', silentLogger());
});
afterAll(async () => {
  a?.destroy();
  b?.destroy();
  await redis?.stop();
});

describe.skipIf(!redisInstalled)('clusterDedupe', () => {
  it('is true once per id across the cluster, then false', async () => {
    const keys = clusterKeys(freshPrefix());
    const [onA, onB] = [clusterDedupe(a, keys), clusterDedupe(b, keys)];
    expect(await onA.firstSeen('post-1')).toBe(true);
    expect(await onB.firstSeen('post-1')).toBe(false); // another node, same id
    expect(await onA.firstSeen('post-1')).toBe(false);
    expect(await onB.firstSeen('post-2')).toBe(true);
  });

  it('forgets an id after its window', async () => {
    const dedupe = clusterDedupe(a, clusterKeys(freshPrefix()), 50);
    expect(await dedupe.firstSeen('p')).toBe(true);
    expect(await dedupe.firstSeen('p')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await dedupe.firstSeen('p')).toBe(true);
  });

  it('forgets an id when told to, on every node, so a retry after a failed append goes through', async () => {
    const keys = clusterKeys(freshPrefix());
    expect(await clusterDedupe(a, keys).firstSeen('retry')).toBe(true);
    await clusterDedupe(b, keys).forget('retry');
    expect(await clusterDedupe(a, keys).firstSeen('retry')).toBe(true);
  });
});
