import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSettingsFrom, nodeIdFrom, openCluster } from '../../config/cluster.ts';
import { loadConfig } from '../../config/env.ts';
import { silentLogger } from '../../lib/support/logger.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { freshPrefix, startRedis, type RedisServer, redisInstalled } from '../helpers/redis-server.ts';
import { freePort } from '../helpers/spawn-server.ts';

describe('clusterSettingsFrom', () => {
  it('is null without REDIS_URL: one process, no Redis', () => {
    expect(clusterSettingsFrom(loadConfig({}))).toBeNull();
  });

  it('takes the settings, and NODE_ID as the id', () => {
    const config = loadConfig({ REDIS_URL: 'redis://10.0.0.5:6379', NODE_ID: 'web-1', CLUSTER_LEASE_MS: '2000', CLUSTER_HEARTBEAT_MS: '1000', CLUSTER_STREAM_MAXLEN: '500' });
    expect(clusterSettingsFrom(config)).toEqual({ url: 'redis://10.0.0.5:6379', nodeId: 'web-1', leaseMs: 2_000, heartbeatMs: 1_000, streamMaxLength: 500 });
  });
});

describe('nodeIdFrom', () => {
  it('makes a distinct id from the host and process when NODE_ID is unset', () => {
    const config = loadConfig({});
    expect(nodeIdFrom(config)).toMatch(/^.+-\d+-[0-9a-f]{4}$/);
    expect(nodeIdFrom(loadConfig({ NODE_ID: 'n' }))).toBe('n');
  });
});

describe.skipIf(!redisInstalled)('openCluster', () => {
  it('says in one line that Redis cannot be reached, without the password', async () => {
    const port = await freePort();
    const settings = { url: `redis://:hunter2@127.0.0.1:${port}`, nodeId: 'n', leaseMs: 1_000, heartbeatMs: 1_000, streamMaxLength: 100 };
    const failure = openCluster(settings, () => new ManualSource(), silentLogger());
    await expect(failure).rejects.toThrow(`Cannot reach Redis at redis://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}). Check REDIS_URL and that Redis is running.`);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });

  describe('with Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis?.stop());

    it('gives a relay named for the configured source, health, and the pushed-post API', async () => {
      const settings = { url: redis.url, nodeId: 'n1', leaseMs: 1_000, heartbeatMs: 100, streamMaxLength: 100, prefix: freshPrefix() };
      const cluster = await openCluster(settings, () => new ManualSource('bluesky'), silentLogger());
      try {
        expect(cluster.relay.name).toBe('bluesky');
        expect(cluster.health()).toEqual({ id: 'n1', leader: false, redis: true });
        expect(await cluster.dedupe.firstSeen('p1')).toBe(true);
        expect(await cluster.dedupe.firstSeen('p1')).toBe(false);
        expect(await cluster.appendPushed({ ...new ManualSource().push('x'), id: 'p1' })).toMatch(/^\d+-\d+$/);
      } finally {
        await cluster.stop();
      }
    });
  });
});
