import { describe, expect, it } from 'vitest';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { Lease } from '../../../lib/cluster/lease.ts';
import { freshPrefix, redisForFile, redisInstalled } from '../../helpers/redis-server.ts';

const redis = redisForFile();

const epochOf = (token: string | null): number => Number(token?.split('#')[1]);

describe.skipIf(!redisInstalled)('Lease', () => {
  it('goes to one node at a time, with its id and a new epoch in the token', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = new Lease(redis.client, keys, 'a', 10_000);
    const b = new Lease(redis.client, keys, 'b', 10_000);
    const token = await a.acquire();
    expect(token).toBe('a#1');
    expect(await b.acquire()).toBeNull();
    expect(await a.acquire()).toBeNull(); // not even again to its holder: it renews instead
    expect(await b.holder()).toBe('a#1');
  });

  it('is renewed only by its holder', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = new Lease(redis.client, keys, 'a', 10_000);
    const token = (await a.acquire())!;
    expect(await a.renew(token)).toBe(true);
    expect(await a.renew('b#1')).toBe(false);
    expect(await a.renew('a#0')).toBe(false); // an old epoch of the same node
  });

  it('passes to another node with a higher epoch once it expires, and the old token is dead', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = new Lease(redis.client, keys, 'a', 50);
    const b = new Lease(redis.client, keys, 'b', 50);
    const old = (await a.acquire())!;
    await new Promise((resolve) => setTimeout(resolve, 120));
    const next = await b.acquire();
    expect(next).not.toBeNull();
    expect(epochOf(next)).toBeGreaterThan(epochOf(old));
    expect(await a.renew(old)).toBe(false);
  });

  it('is released at once by its holder only', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = new Lease(redis.client, keys, 'a', 10_000);
    const b = new Lease(redis.client, keys, 'b', 10_000);
    const token = (await a.acquire())!;
    await b.release('b#1');
    expect(await b.acquire()).toBeNull();
    await a.release(token);
    expect(await b.acquire()).toBe('b#2');
  });
});
