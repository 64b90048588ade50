import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { connectRedis, type Redis } from '../../../lib/cluster/redis.ts';
import { firstSighting } from '../../../lib/cluster/seen-ids.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { freshPrefix, startRedis, type RedisServer } from '../../helpers/redis-server.ts';

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

describe('firstSighting', () => {
  it('is true once per id across the cluster, then false', async () => {
    const keys = clusterKeys(freshPrefix());
    expect(await firstSighting(a, keys, 'post-1')).toBe(true);
    expect(await firstSighting(b, keys, 'post-1')).toBe(false); // another node, same id
    expect(await firstSighting(a, keys, 'post-1')).toBe(false);
    expect(await firstSighting(b, keys, 'post-2')).toBe(true);
  });

  it('forgets an id after its window', async () => {
    const keys = clusterKeys(freshPrefix());
    expect(await firstSighting(a, keys, 'p', 50)).toBe(true);
    expect(await firstSighting(a, keys, 'p', 50)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await firstSighting(a, keys, 'p', 50)).toBe(true);
  });
});
