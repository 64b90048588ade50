// A real cluster for the tests in test/cluster/: a redis-server child, the fake Jetstream,
// and nodes that are real bin/www.ts processes in cluster mode, with short timings.
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Post, ServerToClientEvents } from '../../lib/contract/events.ts';
import { startFakeJetstream, type FakeConnection, type FakeJetstream, type Frame } from './fake-jetstream.ts';
import { startRedis, type RedisServer } from './redis-server.ts';
import { freePort, spawnServer, type SpawnedServer } from './spawn-server.ts';

export type ClusterClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export const LEASE_MS = 2_000; // short, so a failover takes about two seconds; longer than a busy machine's stalls
export const HEARTBEAT_MS = 200; // short, so a dead node's viewers leave the sums within 600 ms

export interface Health {
  ok: boolean;
  id: string;
  leader?: boolean;
  redis?: boolean;
  upstreams: { source: string; state: string }[];
}

export interface ClusterNode extends SpawnedServer {
  id: string;
  health(): Promise<Health>;
  /** A socket.io client on this node that follows nothing yet. */
  client(): Promise<ClusterClient>;
}

export interface TestCluster {
  redis: RedisServer;
  jetstream: FakeJetstream;
  feed: FrameFeed;
  nodes: ClusterNode[];
  addNode(id: string, env?: Record<string, string>): Promise<ClusterNode>;
  /** The node that says it leads (waits until exactly one of the running ones does). */
  leader(among?: ClusterNode[]): Promise<ClusterNode>;
  close(): Promise<void>;
}

/** The upstream as the test drives it: a log of every frame sent, replayed from a new connection's cursor, as Jetstream does. */
export class FrameFeed {
  readonly log: Frame[] = [];
  #connection: FakeConnection | null = null;

  /** The leader's connection: with a cursor, it first gets what the log holds from there on; without one, only what comes next. */
  attach(connection: FakeConnection): void {
    this.#connection = connection;
    if (connection.cursor !== null) connection.replay(this.log);
  }

  send(frame: Frame): void {
    this.log.push(frame);
    if (this.#connection?.socket.readyState === 1) this.#connection.send(frame);
  }
}

export async function startTestCluster({ nodes = 3, env = {} }: { nodes?: number; env?: Record<string, string> } = {}): Promise<TestCluster> {
  const redis = await startRedis();
  const jetstream = await startFakeJetstream();
  const feed = new FrameFeed();
  const noProfiles = await freePort(); // nothing listens: profile lookups fail at once and posts keep the fallback author
  const baseEnv = {
    LOG_LEVEL: 'info',
    REDIS_URL: redis.url,
    STREAM_SOURCE: 'bluesky',
    JETSTREAM_URLS: jetstream.url,
    BSKY_PUBLIC_API: `http://127.0.0.1:${noProfiles}`,
    CLUSTER_LEASE_MS: String(LEASE_MS),
    CLUSTER_HEARTBEAT_MS: String(HEARTBEAT_MS),
    FOLLOW_DEBOUNCE_MS: '0',
    ...env,
  };
  const cluster: TestCluster = {
    redis,
    jetstream,
    feed,
    nodes: [],
    async addNode(id, extra = {}) {
      const node = toNode(id, await spawnServer({ ...baseEnv, NODE_ID: id, ...extra }));
      cluster.nodes.push(node);
      return node;
    },
    async leader(among = cluster.nodes.filter((node) => node.child.exitCode === null && node.child.signalCode === null)) {
      let found: ClusterNode | null = null;
      await waitUntil(async () => {
        const leaders = [];
        for (const node of among) if ((await node.health().catch(() => null))?.leader) leaders.push(node);
        found = leaders.length === 1 ? leaders[0]! : null;
        return found !== null;
      }, 'one node to lead');
      return found!;
    },
    async close() {
      for (const node of cluster.nodes) node.child.kill('SIGKILL');
      await Promise.all(cluster.nodes.map((node) => node.exited));
      await jetstream.close();
      await redis.stop();
    },
  };
  for (let n = 1; n <= nodes; n++) await cluster.addNode(`node-${n}`);
  return cluster;
}

function toNode(id: string, server: SpawnedServer): ClusterNode {
  const clients: ClusterClient[] = [];
  void server.exited.then(() => clients.forEach((client) => client.disconnect()));
  return {
    ...server,
    id,
    health: async () => (await (await fetch(`${server.url}/healthz`)).json()) as Health,
    async client() {
      const client: ClusterClient = connect(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once('connect', resolve);
        client.once('connect_error', reject);
      });
      return client;
    },
  };
}

/** Follows `term` and resolves once the server has acknowledged it. */
export async function follow(client: ClusterClient, term: string): Promise<void> {
  const answer = await new Promise((resolve) => client.emit('updateTerm', term, resolve));
  if (!answer || typeof answer !== 'object' || !('data' in answer)) throw new Error(`updateTerm failed: ${JSON.stringify(answer)}`);
}

/** Every post a client receives, in order. */
export function received(client: ClusterClient): Post[] {
  const posts: Post[] = [];
  client.on('tweets', (post) => posts.push(post));
  return posts;
}

/** Polls until `check` holds; throws after `timeoutMs` naming what never happened. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
