// One cluster node, put together: the post log, the leader, the relay (this node's source
// for the hub), presence, and Socket.IO's Redis adapter for what must cross nodes (the
// leader's status and notices). config/cluster.ts connects to Redis and hands the
// connections here; how it all works is in the README, "Cluster mode".
import { createAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import type { Post } from '../contract/events.ts';
import { mergeOriginCounts, topOrigins, type EmbedViewerCounts, type OriginCounts } from '../delivery/embed-viewers.ts';
import type { Dedupe } from '../ingest/dedupe.ts';
import type { Publish } from '../ingest/publish.ts';
import type { StreamServer } from '../contract/io.ts';
import type { Hub } from '../delivery/hub.ts';
import type { CursoredPost } from '../delivery/replay-window.ts';
import { parseTermKey, termKeyOf } from '../delivery/rooms.ts';
import type { StreamSource } from '../sources/source.ts';
import type { Logger } from '../support/logger.ts';
import { clusterKeys, DEFAULT_PREFIX } from './keys.ts';
import { Lease } from './lease.ts';
import { Leader } from './leader.ts';
import { PostLog } from './post-log.ts';
import { PresenceBoard, type NodePresence } from './presence-board.ts';
import { Presence } from './presence.ts';
import type { Redis } from './redis.ts';
import { RelaySource } from './relay.ts';
import { clusterDedupe } from './seen-ids.ts';

const MAX_ORIGINS_PUBLISHED = 100; // embedding sites one node lists in its presence record; the rest under "other"

export interface NodeOptions {
  nodeId: string;
  leaseMs: number;
  heartbeatMs: number;
  streamMaxLength: number;
  prefix?: string; // Redis key prefix; tests give each cluster its own
  clients: { main: Redis; reader: Redis; sub: Redis }; // commands, the blocking log read, the adapter's subscriber
  createSource: () => StreamSource; // the configured upstream, a fresh one per leadership
  logger: Logger;
}

export interface Cluster {
  nodeId: string;
  relay: RelaySource; // this node's source for the hub
  adapter: ServerOptions['adapter'];
  presence: Presence;
  leader: Leader;
  /** Starts leading, relaying and heartbeats once Socket.IO and the hub exist; `embeds` counts this node's widget viewers. */
  attach(io: StreamServer, hub: Hub, embeds?: EmbedViewerCounts): void;
  /** For GET /healthz. */
  health(): { id: string; leader: boolean; redis: boolean };
  /** The live nodes, for an admin view: id, sockets, leader (and the rest of each record). */
  nodes(): readonly NodePresence[];
  /** Any node appends a pushed post to the cluster's log; resolves with its cursor. */
  appendPushed(post: Post, termKeys?: readonly string[]): Promise<string>;
  /** The push API's way in: pushed posts go into the log, in order, and every node delivers them. */
  publish: Publish;
  /** The push API's repeated-id check, cluster-wide: an id pushed to any node in the last 10 minutes. */
  dedupe: Dedupe;
  /** Widget viewers per embedding site across the live nodes, for /healthz. */
  embedViewers(): Promise<OriginCounts>;
  stop(): Promise<void>;
}

export function createClusterNode({ nodeId, leaseMs, heartbeatMs, streamMaxLength, prefix, clients, createSource, logger }: NodeOptions): Cluster {
  const { main, reader, sub } = clients;
  const keys = clusterKeys(prefix ?? DEFAULT_PREFIX);
  const log = new PostLog(main, keys, streamMaxLength);
  // One unstarted instance of the configured source answers `admit` on this node (X's per-address shares)
  const local = createSource();
  let io: StreamServer | null = null;
  let hub: Hub | null = null;
  let embeds: EmbedViewerCounts | null = null;
  let leaderStatusAt = 0; // the leader's clock (ms) of the newest upstream status applied here

  const relay = new RelaySource({
    name: local.name,
    log,
    reader,
    logger,
    // The replay window starts with what the cluster sent lately, at the times it was sent
    preload: (entries) => {
      for (const { id, post, termKeys } of entries) hub?.replayWindow.record(post as CursoredPost, termKeys ?? null, Number(id.split('-')[0]));
    },
    admit: (termKey, query, address) => local.admit(termKey, query, address),
    termsChanged: () => {
      presence.changed();
      leader.follow(union());
    },
  });
  const presence = new Presence({
    board: new PresenceBoard(main, keys, heartbeatMs * 3),
    nodeId,
    heartbeatMs,
    logger,
    local: () => ({
      leader: leader.leading,
      sockets: io?.of('/').sockets.size ?? 0,
      terms: Object.fromEntries([...relay.terms.keys()].map((termKey) => [termKey, hub?.watchers(termKey) ?? 0])),
      // Capped, so a page with EMBED_ORIGINS=* cannot grow every node's record without bound
      origins: embeds ? topOrigins(embeds.countLocal(), MAX_ORIGINS_PUBLISHED) : {},
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
    attach(server, theHub, embedCounts) {
      io = server;
      hub = theHub;
      embeds = embedCounts ?? null;
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
    publish: async (posts) => {
      for (const post of posts) await log.appendPushed(post);
    },
    dedupe: clusterDedupe(main, keys),
    // This node's own count is read now; the others' as of their last heartbeat
    embedViewers: async () => {
      const others = presence.nodes().filter((node) => node.id !== nodeId).map((node) => new Map(Object.entries(node.origins)));
      return topOrigins(mergeOriginCounts([...others, embeds?.countLocal() ?? new Map()]));
    },
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
