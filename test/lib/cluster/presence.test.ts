import { afterAll, describe, expect, it } from 'vitest';
import { clusterKeys, type ClusterKeys } from '../../../lib/cluster/keys.ts';
import { PresenceBoard } from '../../../lib/cluster/presence-board.ts';
import { Presence } from '../../../lib/cluster/presence.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { freshPrefix, redisForFile, redisInstalled } from '../../helpers/redis-server.ts';

const HEARTBEAT_MS = 50;

const redis = redisForFile();

interface Node {
  presence: Presence;
  terms: Record<string, number>;
  leader: boolean;
}

const running: Presence[] = [];
afterAll(async () => {
  await Promise.all(running.map((presence) => presence.stop().catch(() => undefined)));
});

function node(keys: ClusterKeys, id: string, terms: Record<string, number> = {}, leader = false): Node {
  const state: Node = { presence: null!, terms, leader };
  state.presence = new Presence({
    board: new PresenceBoard(redis.client, keys, HEARTBEAT_MS * 3),
    nodeId: id,
    heartbeatMs: HEARTBEAT_MS,
    logger: silentLogger(),
    local: () => ({ leader: state.leader, sockets: 1, terms: state.terms, origins: {}, status: null }),
  });
  running.push(state.presence);
  state.presence.start();
  return state;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe.skipIf(!redisInstalled)('Presence', () => {
  it('sums the viewers of the other nodes and knows the union of terms', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a', { 'cat|': 2 });
    const b = node(keys, 'b', { 'cat|': 3, 'dog|': 1 });
    const c = node(keys, 'c', { 'cat|': 4 }, true);
    await until(() => a.presence.nodes().length === 3 && b.presence.nodes().length === 3);
    expect(a.presence.remoteWatchers('cat|')).toBe(7); // its own 2 are counted live, not from Redis
    expect(a.presence.remoteWatchers('dog|')).toBe(1);
    expect(b.presence.remoteWatchers('dog|')).toBe(0);
    expect([...a.presence.termUnion()].sort()).toEqual(['cat|', 'dog|']);
    expect(b.presence.leader()?.id).toBe('c');
    await Promise.all([a, b, c].map((n) => n.presence.stop()));
  });

  it('writes a local change soon and says which remote counts changed', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a');
    const b = node(keys, 'b', { 'cat|': 1 });
    await until(() => a.presence.remoteWatchers('cat|') === 1);
    const heard: string[][] = [];
    a.presence.on('change', (terms) => terms.length > 0 && heard.push(terms));
    const published = new Promise<void>((resolve) => b.presence.once('published', () => resolve()));
    b.terms = { 'cat|': 2 };
    b.presence.changed();
    await published;
    await until(() => a.presence.remoteWatchers('cat|') === 2);
    expect(heard).toContainEqual(['cat|']);
    await Promise.all([a, b].map((n) => n.presence.stop()));
  });

  it('drops a node that stopped beating (a crash) within three heartbeats, and a stopped one at once', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a');
    const c = node(keys, 'c', { 'cat|': 1 });
    // A crashed node: its last record, written once, and no heartbeat after it
    const crashed = { id: 'b', leader: false, sockets: 5, terms: { 'cat|': 5 }, origins: {}, status: null, at: Date.now() };
    await new PresenceBoard(redis.client, keys, HEARTBEAT_MS * 3).publish(crashed);
    await until(() => a.presence.remoteWatchers('cat|') === 6);
    await c.presence.stop();
    await until(() => a.presence.remoteWatchers('cat|') === 5);
    await until(() => a.presence.remoteWatchers('cat|') === 0);
    expect(a.presence.nodes().map((n) => n.id)).toEqual(['a']);
    await a.presence.stop();
  });

  it('says when Redis is unreachable and when it is back', async () => {
    const keys = clusterKeys(freshPrefix());
    const a = node(keys, 'a');
    await until(() => a.presence.nodes().length === 1);
    const states: boolean[] = [];
    a.presence.on('reachable', (reachable) => states.push(reachable));
    await redis.server.stop();
    await until(() => !a.presence.reachable);
    await redis.server.start();
    await until(() => a.presence.reachable && a.presence.nodes().length === 1);
    expect(states).toEqual([false, true]);
    await a.presence.stop();
  });
});
