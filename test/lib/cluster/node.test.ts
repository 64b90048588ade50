// One cluster node put together in this process, twice, on a real redis-server: the
// leader's posts reach sockets on both, pushed posts too, and the read API for an admin
// view lists the live nodes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../config/env.ts';
import { attachSocketIO } from '../../../config/socketio.ts';
import type { Post } from '../../../lib/contract/events.ts';
import { createClusterNode, type Cluster } from '../../../lib/cluster/node.ts';
import { connectRedis } from '../../../lib/cluster/redis.ts';
import { silentLogger } from '../../../lib/support/logger.ts';
import { follow, received, waitUntil, type ClusterClient } from '../../helpers/cluster.ts';
import { makePost, ManualSource } from '../../helpers/manual-source.ts';
import { freshPrefix, startRedis, type RedisServer, redisInstalled } from '../../helpers/redis-server.ts';

let redis: RedisServer;
const prefix = freshPrefix();
const sources: ManualSource[] = [];
const nodes: { cluster: Cluster; url: string; close(): Promise<void> }[] = [];

async function startNode(nodeId: string) {
  const logger = silentLogger();
  const clients = { main: await connectRedis(redis.url, 'main', logger), reader: await connectRedis(redis.url, 'reader', logger), sub: await connectRedis(redis.url, 'sub', logger) };
  const createSource = (): ManualSource => {
    const source = new ManualSource('bluesky');
    sources.push(source);
    return source;
  };
  const cluster = createClusterNode({ nodeId, leaseMs: 1_000, heartbeatMs: 100, streamMaxLength: 1_000, prefix, clients, createSource, logger });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const limits = { ...DEFAULT_LIMITS, followDebounceMs: 0 };
  const { io, hub } = attachSocketIO(server, { source: cluster.relay, logger, limits, adapter: cluster.adapter, remote: cluster.presence });
  cluster.attach(io, hub);
  cluster.relay.start();
  const node = {
    cluster,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await cluster.stop();
      await io.close();
    },
  };
  nodes.push(node);
  return node;
}

async function client(url: string): Promise<ClusterClient> {
  const socket: ClusterClient = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
  return socket;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const node of nodes) await node.close();
  await redis?.stop();
});

describe.skipIf(!redisInstalled)('createClusterNode', () => {
  it("relays the leader's posts and pushed posts to sockets on every node, and lists the live nodes", async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    await waitUntil(() => a.cluster.leader.leading || b.cluster.leader.leading, 'a leader');
    const [leader, other] = a.cluster.leader.leading ? [a, b] : [b, a];
    const onOther = await client(other.url);
    const inbox: Post[] = received(onOther);
    await follow(onOther, 'otter');
    expect(other.cluster.health()).toEqual({ id: other.cluster.nodeId, leader: false, redis: true });
    expect(leader.cluster.health()).toMatchObject({ leader: true, redis: true });

    // The upstream's post, from the leader's source, reaches the other node's socket
    const upstream = sources.find((source) => source.started)!;
    upstream.push('an otter upstream');
    // A post pushed to any node goes into the same log, once per id across the cluster
    const pushed = makePost('an otter pushed', { id: 'push-1' });
    expect(await other.cluster.dedupe.firstSeen('push-1')).toBe(true);
    expect(await leader.cluster.dedupe.firstSeen('push-1')).toBe(false);
    const cursor = await other.cluster.appendPushed(pushed);
    await waitUntil(() => inbox.length === 2, 'both posts on the other node');
    expect(inbox.map((post) => post.text)).toEqual(['an otter upstream', 'an otter pushed']);
    expect(inbox[1]!.cursor).toBe(cursor);

    await waitUntil(() => other.cluster.nodes().some((node) => node.id === other.cluster.nodeId && node.sockets === 1), 'its socket in its record');
    const listed = other.cluster.nodes().map(({ id, leader: leads, sockets }) => ({ id, leads, sockets }));
    expect(listed.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: leader.cluster.nodeId, leads: true, sockets: 0 },
        { id: other.cluster.nodeId, leads: false, sockets: 1 },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    onOther.disconnect();

    // A node that starts now has what the cluster sent lately: a page resuming there from
    // before both posts gets both, in order, from the log read back at its start
    const late = await startNode('c');
    await waitUntil(() => late.cluster.relay.lastId === cursor, 'the late node caught up with the log');
    const resumed = await client(late.url);
    const replayed = received(resumed);
    const receipt = await new Promise((resolve) => resumed.emit('updateTerm', { term: 'otter', since: '1-0' }, resolve));
    expect(receipt).toMatchObject({ data: { term: 'otter', replay: { posts: 2 } } });
    expect(replayed.map((post) => [post.text, post.cursor])).toEqual([
      ['an otter upstream', inbox[0]!.cursor],
      ['an otter pushed', cursor],
    ]);
    resumed.disconnect();
  });
});
