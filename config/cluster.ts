// Cluster mode, on when REDIS_URL is set: connects to Redis, and wires the post log, the
// leader, the relay, presence and Socket.IO's Redis adapter around one node's Socket.IO.
// How it works is in the README, "Cluster mode"; each part lives in lib/cluster/.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import type { Config } from './env.ts';
import type { Post } from '../lib/contract/events.ts';
import type { StreamServer } from '../lib/contract/io.ts';
import type { Hub } from '../lib/delivery/hub.ts';
import { parseTermKey, termKeyOf } from '../lib/delivery/rooms.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import type { Logger } from '../lib/support/logger.ts';
import { clusterKeys, DEFAULT_PREFIX } from '../lib/cluster/keys.ts';
import { Lease } from '../lib/cluster/lease.ts';
import { Leader } from '../lib/cluster/leader.ts';
import { PostLog } from '../lib/cluster/post-log.ts';
import { PresenceBoard, type NodePresence } from '../lib/cluster/presence-board.ts';
import { Presence } from '../lib/cluster/presence.ts';
import { connectRedis, type Redis } from '../lib/cluster/redis.ts';
import { RelaySource } from '../lib/cluster/relay.ts';
import { firstSighting } from '../lib/cluster/seen-ids.ts';
import { countOrigins } from '../lib/cluster/origins.ts';

export interface ClusterSettings {
  url: string;
  nodeId: string;
  leaseMs: number;
  heartbeatMs: number;
  streamMaxLength: number;
  prefix?: string; // Redis key prefix; tests give each cluster its own
}

/** NODE_ID, or a name made from the host and the process (with a random part, as pids are reused). */
export function nodeIdFrom(config: Config): string {
  return config.NODE_ID ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

export function clusterSettingsFrom(config: Config, nodeId = nodeIdFrom(config)): ClusterSettings | null {
  if (!config.REDIS_URL) return null;
  return {
    url: config.REDIS_URL,
    nodeId,
    leaseMs: config.CLUSTER_LEASE_MS,
    heartbeatMs: config.CLUSTER_HEARTBEAT_MS,
    streamMaxLength: config.CLUSTER_STREAM_MAXLEN,
  };
}

export interface Cluster {
  nodeId: string;
  relay: RelaySource; // this node's source for the hub
  adapter: ServerOptions['adapter'];
  presence: Presence;
  leader: Leader;
  /** Starts leading, relaying and heartbeats once Socket.IO and the hub exist. */
  attach(io: StreamServer, hub: Hub): void;
  /** For GET /healthz. */
  health(): { id: string; leader: boolean; redis: boolean };
  /** The live nodes, for an admin view: id, sockets, leader (and the rest of each record). */
  nodes(): readonly NodePresence[];
  /** Any node appends a pushed post to the cluster's log; resolves with its cursor. */
  appendPushed(post: Post, termKeys?: readonly string[]): Promise<string>;
  /** True the first time a pushed post id is seen anywhere in the cluster within 10 minutes. */
  firstSighting(postId: string): Promise<boolean>;
  stop(): Promise<void>;
}

/** Where a Redis URL points, without any password, for a start-up error line. */
function where(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** Connects to Redis or throws one line that says so (bin/www.ts prints it and exits 1). */
export async function openCluster(settings: ClusterSettings, createSource: () => StreamSource, logger: Logger): Promise<Cluster> {
  const connections: Redis[] = [];
  try {
    for (const role of ['commands', 'post log reader', 'adapter subscriber']) connections.push(await connectRedis(settings.url, role, logger));
  } catch (err) {
    for (const client of connections) client.destroy();
    throw new Error(`Cannot reach Redis at ${where(settings.url)} (${(err as Error).message || (err as Error).name}). Check REDIS_URL and that Redis is running.`);
  }
  const [main, reader, sub] = connections as [Redis, Redis, Redis];
  return wireCluster(settings, { main, reader, sub }, createSource, logger);
}

function wireCluster(settings: ClusterSettings, { main, reader, sub }: Record<'main' | 'reader' | 'sub', Redis>, createSource: () => StreamSource, logger: Logger): Cluster {
  const { nodeId, leaseMs, heartbeatMs, streamMaxLength } = settings;
  const keys = clusterKeys(settings.prefix ?? DEFAULT_PREFIX);
  const log = new PostLog(main, keys, streamMaxLength);
  // One unstarted instance of the configured source answers `admit` on this node (X's per-address shares)
  const local = createSource();
  let io: StreamServer | null = null;
  let hub: Hub | null = null;
  let leaderStatusAt = 0; // the leader's clock (ms) of the newest upstream status applied here

  const relay = new RelaySource({
    name: local.name,
    log,
    reader,
    logger,
    admit: (termKey, query, address) => local.admit(termKey, query, address),
    termsChanged: () => {
      presence.changed();
      leader.follow(union());
    },
  });
  const origins = countOrigins();
  const presence = new Presence({
    board: new PresenceBoard(main, keys, heartbeatMs * 3),
    nodeId,
    heartbeatMs,
    logger,
    local: () => ({
      leader: leader.leading,
      sockets: io?.of('/').sockets.size ?? 0,
      terms: Object.fromEntries([...relay.terms.keys()].map((termKey) => [termKey, hub?.watchers(termKey) ?? 0])),
      origins: origins.counts(),
      status: leader.status,
    }),
  });
  const union = (): Set<string> => new Set([...presence.termUnion(), ...relay.terms.keys()].filter((termKey) => parseTermKey(termKey)));
  const leader = new Leader({
    lease: new Lease(main, keys, nodeId, leaseMs),
    log,
    leaseMs,
    createSource,
    logger,
    onStatus: (status) => {
      relay.upstream(status);
      leaderStatusAt = Date.now();
      io?.serverSideEmit('upstreamStatus', status, leaderStatusAt);
      presence.changed();
    },
    onNotice: (termKey, message) => {
      relay.notice(termKey, message);
      io?.serverSideEmit('upstreamNotice', termKey, message);
    },
    onChange: () => presence.changed(),
  });

  // The adapter publishes through a client that fails fast while Redis is down; a status
  // lost then is sent again with the next heartbeat's presence, so its failure is dropped
  const pub = new Proxy(main, {
    get(target, prop) {
      if (prop === 'publish') return (channel: string, message: string | Buffer) => target.publish(channel, message).catch(() => 0);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const adapter = createAdapter(pub, sub, { key: `${keys.posts}:socket.io` });

  return {
    nodeId,
    relay,
    adapter,
    presence,
    leader,
    attach(server, theHub) {
      io = server;
      hub = theHub;
      origins.attach(server);
      // Terms and viewers: written soon after they change here, read soon after they change elsewhere
      const adapterEvents = server.of('/').adapter;
      adapterEvents.on('join-room', (room: string) => parseTermKey(termKeyOf(room)) && presence.changed());
      adapterEvents.on('leave-room', (room: string) => parseTermKey(termKeyOf(room)) && presence.changed());
      presence.on('published', () => server.serverSideEmit('presenceChanged'));
      server.on('presenceChanged', () => presence.refresh());
      presence.on('change', () => {
        leader.follow(union());
        // The leader's status rides its presence record too, for a node that joined (or reconnected) late
        const record = presence.leader();
        if (record && record.id !== nodeId && record.at > leaderStatusAt) {
          leaderStatusAt = record.at;
          relay.upstream(record.status);
        } else if (!record && !leader.leading) relay.upstream(null);
      });
      server.on('upstreamStatus', (status, at) => {
        if (leader.leading || at < leaderStatusAt) return;
        leaderStatusAt = at;
        relay.upstream(status);
      });
      server.on('upstreamNotice', (termKey, message) => relay.notice(termKey, message));
      presence.start();
      leader.start();
    },
    health: () => ({ id: nodeId, leader: leader.leading, redis: relay.redisUp && presence.reachable }),
    nodes: () => presence.nodes(),
    appendPushed: (post, termKeys) => log.appendPushed(post, termKeys),
    firstSighting: (postId) => firstSighting(main, keys, postId),
    async stop() {
      const quietly = (step: Promise<unknown>): Promise<unknown> => step.catch((err: Error) => logger.warn({ err: err.message }, 'cluster shutdown step failed'));
      await quietly(leader.stop());
      await quietly(relay.stop());
      await quietly(presence.stop());
      for (const client of [reader, sub, main]) client.destroy();
      await relay.stopped();
    },
  };
}
