import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { PresenceBoard, type NodePresence } from '../../../lib/cluster/presence-board.ts';
import { connectRedis, type Redis } from '../../../lib/cluster/redis.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { freshPrefix, startRedis, type RedisServer } from '../../helpers/redis-server.ts';

let redis: RedisServer;
let client: Redis;
beforeAll(async () => {
  redis = await startRedis();
  client = await connectRedis(redis.url, 'test', silentLogger());
});
afterAll(async () => {
  client?.destroy();
  await redis?.stop();
});

const record = (id: string, terms: Record<string, number> = {}): NodePresence => ({
  id,
  leader: false,
  sockets: 1,
  terms,
  origins: {},
  status: null,
  at: 1,
});

describe('PresenceBoard', () => {
  it('reads back every live record', async () => {
    const keys = clusterKeys(freshPrefix());
    const board = new PresenceBoard(client, keys, 10_000);
    await board.publish(record('a', { 'cat|': 2 }));
    await board.publish(record('b'));
    await board.publish(record('a', { 'cat|': 3 })); // written again: replaced, not added
    const nodes = await board.readAll();
    expect(nodes.map((node) => node.id).sort()).toEqual(['a', 'b']);
    expect(nodes.find((node) => node.id === 'a')!.terms).toEqual({ 'cat|': 3 });
  });

  it('drops a node whose record expired (it stopped writing), and forgets its id', async () => {
    const keys = clusterKeys(freshPrefix());
    const short = new PresenceBoard(client, keys, 50);
    await short.publish(record('dead'));
    await new PresenceBoard(client, keys, 10_000).publish(record('alive'));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await short.readAll()).map((node) => node.id)).toEqual(['alive']);
    expect(await client.sMembers(keys.nodes)).toEqual(['alive']);
  });

  it('removes a record at once, and skips one it cannot read', async () => {
    const keys = clusterKeys(freshPrefix());
    const board = new PresenceBoard(client, keys, 10_000);
    await board.publish(record('a'));
    await client.set(keys.presence('junk'), '{oops');
    await client.sAdd(keys.nodes, 'junk');
    await board.remove('a');
    expect(await board.readAll()).toEqual([]);
  });
});
