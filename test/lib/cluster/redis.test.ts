import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, luaScript, runScript, type Redis } from '../../../lib/cluster/redis.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { startRedis, type RedisServer, redisInstalled } from '../../helpers/redis-server.ts';
import { freePort } from '../../helpers/spawn-server.ts';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  while (!(await check().catch(() => false))) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe.skipIf(!redisInstalled)('connectRedis', () => {
  it('rejects when Redis does not answer the first time', async () => {
    const port = await freePort();
    await expect(connectRedis(`redis://127.0.0.1:${port}`, 'test', silentLogger())).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails fast while Redis is down, then reconnects by itself', async () => {
    const client = await connectRedis(redis.url, 'test', silentLogger());
    try {
      expect(await client.ping()).toBe('PONG');
      await redis.stop();
      await expect(client.ping()).rejects.toThrow();
      await redis.start();
      await waitFor(async () => (await client.ping()) === 'PONG');
    } finally {
      client.destroy();
    }
  });
});

describe.skipIf(!redisInstalled)('runScript', () => {
  let client: Redis;
  beforeAll(async () => {
    client = await connectRedis(redis.url, 'test', silentLogger());
  });
  afterAll(() => client?.destroy());

  it('runs a script Redis has not seen, and again after Redis forgot it', async () => {
    const script = luaScript(`return ARGV[1] .. KEYS[1]`);
    expect(await runScript(client, script, ['k'], ['v'])).toBe('vk');
    await client.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await runScript(client, script, ['k'], ['w'])).toBe('wk');
  });

  it('passes a script error through', async () => {
    await expect(runScript(client, luaScript(`return redis.call('NOPE')`), [], [])).rejects.toThrow();
  });
});
