import { describe, expect, it } from 'vitest';
import { clusterKeys } from '../../../lib/cluster/keys.ts';
import { PresenceBoard, type NodePresence } from '../../../lib/cluster/presence-board.ts';
import { freshPrefix, redisForFile, redisInstalled } from '../../helpers/redis-server.ts';

const redis = redisForFile();

const record = (id: string, terms: Record<string, number> = {}): NodePresence => ({
  id,
  leader: false,
  sockets: 1,
  terms,
  origins: {},
  status: null,
  at: 1,
});

describe.skipIf(!redisInstalled)('PresenceBoard', () => {
  it('reads back every live record', async () => {
    const keys = clusterKeys(freshPrefix());
    const board = new PresenceBoard(redis.client, keys, 10_000);
    await board.publish(record('a', { 'cat|': 2 }));
    await board.publish(record('b'));
    await board.publish(record('a', { 'cat|': 3 })); // written again: replaced, not added
    const nodes = await board.readAll();
    expect(nodes.map((node) => node.id).sort()).toEqual(['a', 'b']);
    expect(nodes.find((node) => node.id === 'a')!.terms).toEqual({ 'cat|': 3 });
  });

  it('drops a node whose record expired (it stopped writing), and forgets its id', async () => {
    const keys = clusterKeys(freshPrefix());
    const short = new PresenceBoard(redis.client, keys, 50);
    await short.publish(record('dead'));
    await new PresenceBoard(redis.client, keys, 10_000).publish(record('alive'));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await short.readAll()).map((node) => node.id)).toEqual(['alive']);
    expect(await redis.client.sMembers(keys.nodes)).toEqual(['alive']);
  });

  it('removes a record at once, and skips one it cannot read', async () => {
    const keys = clusterKeys(freshPrefix());
    const board = new PresenceBoard(redis.client, keys, 10_000);
    await board.publish(record('a'));
    await redis.client.set(keys.presence('junk'), '{oops');
    await redis.client.sAdd(keys.nodes, 'junk');
    await board.remove('a');
    expect(await board.readAll()).toEqual([]);
  });
});
