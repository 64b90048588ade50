// X allows one stream connection per app, so the leader alone holds it, and its rules
// follow the union of the terms every node's pages follow. Three nodes run in this
// process here (the fake X is msw, which intercepts this process's fetch), each with its
// own HTTP server, Socket.IO and Redis connections, on a real redis-server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCluster, type Cluster } from '../../config/cluster.ts';
import { attachSocketIO } from '../../config/socketio.ts';
import { DEFAULT_LIMITS } from '../../config/env.ts';
import type { Post } from '../../lib/contract/events.ts';
import { parseTerm } from '../../lib/match/query.ts';
import { termKey } from '../../lib/delivery/rooms.ts';
import { ruleTag, toRule } from '../../lib/sources/x/rule.ts';
import { RECONCILE_GRACE, SYNC_DEBOUNCE } from '../../lib/sources/x/rules.ts';
import { XSource } from '../../lib/sources/x/stream.ts';
import { follow, received, waitUntil, type ClusterClient } from '../helpers/cluster.ts';
import { startFakeX, X_BASE, xPost, type FakeX } from '../helpers/fake-x.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { freshPrefix, startRedis, type RedisServer, redisInstalled } from '../helpers/redis-server.ts';

const logger = pino({ level: 'silent' });

interface Node {
  cluster: Cluster;
  url: string;
  close(): Promise<void>;
}

let redis: RedisServer;
let fake: FakeX;
const clock = new ManualClock();
const sources: XSource[] = [];
const nodes: Node[] = [];
const prefix = freshPrefix();

async function startNode(id: string): Promise<Node> {
  const createSource = (): XSource => {
    const source = new XSource({ token: 'test-token', apiBase: X_BASE, logger, clock });
    sources.push(source);
    return source;
  };
  const settings = { url: redis.url, nodeId: id, leaseMs: 1_000, heartbeatMs: 200, streamMaxLength: 1_000, prefix };
  const cluster = await openCluster(settings, createSource, logger);
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const limits = { ...DEFAULT_LIMITS, followDebounceMs: 0, maxConnectionsPerIp: 1_000 };
  const { io, hub } = attachSocketIO(server, { source: cluster.relay, logger, limits, adapter: cluster.adapter, remote: cluster.presence });
  cluster.attach(io, hub);
  cluster.relay.start();
  return {
    cluster,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await cluster.stop();
      await io.close();
    },
  };
}

async function client(node: Node): Promise<ClusterClient> {
  const socket: ClusterClient = connect(node.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
  return socket;
}

const tagOf = (term: string): string => {
  const parsed = parseTerm(term);
  if (!parsed.ok) throw new Error(parsed.error);
  return ruleTag(toRule(parsed.value.query));
};
const keyOf = (term: string): string => termKey({ term, lang: null });
const ruleTags = (): string[] => [...fake.rules.values()].map((rule) => rule.tag ?? '').sort();

beforeAll(async () => {
  redis = await startRedis();
  fake = startFakeX();
  for (const id of ['x-1', 'x-2', 'x-3']) nodes.push(await startNode(id));
});
afterAll(async () => {
  for (const node of nodes) await node.close();
  fake?.close();
  await redis?.stop();
});

describe.skipIf(!redisInstalled)('X rules in a cluster', () => {
  it('follow the union of the terms on every node, on the one connection the leader holds', async () => {
    await waitUntil(() => fake.connections.length === 1, 'the leader to connect to X');
    const leading = sources.find((source) => source.stats.connects === 1)!;
    await leading.rules.whenIdle();
    clock.advance(RECONCILE_GRACE);
    await leading.rules.whenIdle();

    const [a, b, c] = nodes as [Node, Node, Node];
    const onA = await client(a);
    const onB = await client(b);
    const onC = await client(c);
    const inboxA = received(onA);
    const inboxC = received(onC);
    await follow(onA, 'kestrel');
    await follow(onB, 'heron');
    await follow(onC, 'kestrel');
    await waitUntil(() => ['kestrel', 'heron'].every((term) => leading.rules.follows(keyOf(term))), 'the leader to follow every node\'s terms');
    clock.advance(SYNC_DEBOUNCE);
    await leading.rules.whenIdle();
    expect(ruleTags()).toEqual([tagOf('heron'), tagOf('kestrel')].sort());

    // The only page on heron leaves: its node's presence drops it, and the leader deletes the rule
    onB.disconnect();
    await waitUntil(() => !leading.rules.follows(keyOf('heron')), 'the leader to drop heron');
    clock.advance(SYNC_DEBOUNCE);
    await leading.rules.whenIdle();
    expect(ruleTags()).toEqual([tagOf('kestrel')]);

    // A post X routes by its rule tag reaches the term's sockets on every node, once each
    fake.connections[0]!.message(xPost('700001', 'a kestrel hovering', [tagOf('kestrel')]));
    await waitUntil(() => inboxA.length === 1 && inboxC.length === 1, 'the post on both nodes');
    expect([inboxA, inboxC].map((inbox: Post[]) => inbox.map((post) => post.id))).toEqual([['700001'], ['700001']]);
    expect(fake.connections).toHaveLength(1);
    onA.disconnect();
    onC.disconnect();
  });

  it("carries the leader's notices for a term to its followers on the other nodes (Socket.IO's Redis adapter)", async () => {
    const leading = sources.find((source) => source.stats.connects === 1)!;
    const follower = nodes.find((node) => !node.cluster.leader.leading)!;
    const socket = await client(follower);
    const errors: string[] = [];
    socket.on('inputError', (message) => errors.push(message));
    await follow(socket, 'rejected bird'); // the fake X refuses any rule with "reject" in it
    await waitUntil(() => leading.rules.follows(keyOf('rejected bird')), 'the leader to follow the term');
    clock.advance(SYNC_DEBOUNCE);
    await leading.rules.whenIdle();
    await waitUntil(() => errors.length > 0, 'the notice on the other node');
    expect(errors).toHaveLength(1);
    socket.disconnect();
  });
});

