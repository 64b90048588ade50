// How many people watch the live search through the widget, per embedding site: the
// sockets whose handshake Origin is an embed origin (not one of the app's own), counted
// while they follow a term. /healthz shows the busiest sites, at most MAX_LISTED_ORIGINS.
//
// The seam for a cluster: `EmbedViewerCounts.perOrigin()` is what /healthz awaits, through
// createApp's `embedViewers` (bin/www.ts builds it). This file's `localEmbedViewers`
// answers for one process, from `countLocal()`. A cluster-wide provider publishes each
// node's `countLocal()` with that node's presence and answers with
// `topOrigins(mergeOriginCounts(everyNode))`; bin/www.ts passes it instead, nothing else changes.
import type { StreamServer } from '../contract/io.ts';
import { canonicalOrigin } from '../guards/origins.ts';
import { allowsEmbed, type EmbedOrigins } from '../guards/embed-origins.ts';

export const MAX_LISTED_ORIGINS = 20; // sites listed by name; with EMBED_ORIGINS=* any page could add one
export const OTHER_ORIGINS = 'other'; // the key that sums the sites past MAX_LISTED_ORIGINS (never an origin)

/** Viewers per embedding origin, as /healthz shows them. */
export type OriginCounts = Record<string, number>;

export interface EmbedViewerCounts {
  /** Viewers per embedding origin, busiest first, at most MAX_LISTED_ORIGINS plus OTHER_ORIGINS. */
  perOrigin(): Promise<OriginCounts>;
  /** This process's viewers per embedding origin, uncapped: what a node publishes to the cluster. */
  countLocal(): Map<string, number>;
}

export interface LocalEmbedViewersDeps {
  io: StreamServer;
  allowedOrigins: readonly string[]; // the app's own pages: never counted as an embed
  embedOrigins: EmbedOrigins;
}

/** Counts this process's sockets when asked: no bookkeeping on the hot path of joins and posts. */
export function localEmbedViewers({ io, allowedOrigins, embedOrigins }: LocalEmbedViewersDeps): EmbedViewerCounts {
  const own = new Set(allowedOrigins.map((origin) => canonicalOrigin(origin) ?? origin));
  const countLocal = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.termKey === null || socket.data.termKey === undefined) continue;
      const origin = canonicalOrigin(socket.handshake.headers.origin ?? '');
      if (origin === null || own.has(origin) || !allowsEmbed(embedOrigins, origin)) continue;
      counts.set(origin, (counts.get(origin) ?? 0) + 1);
    }
    return counts;
  };
  return {
    countLocal,
    perOrigin: async () => topOrigins(countLocal()),
  };
}

/** Sums several nodes' counts into one. */
export function mergeOriginCounts(parts: Iterable<ReadonlyMap<string, number>>): Map<string, number> {
  const total = new Map<string, number>();
  for (const part of parts) for (const [origin, count] of part) total.set(origin, (total.get(origin) ?? 0) + count);
  return total;
}

/** The busiest `max` origins by name (ties in name order), and the rest summed under OTHER_ORIGINS. */
export function topOrigins(counts: ReadonlyMap<string, number>, max = MAX_LISTED_ORIGINS): OriginCounts {
  const sorted = [...counts].filter(([, count]) => count > 0).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const listed: OriginCounts = Object.fromEntries(sorted.slice(0, max));
  const rest = sorted.slice(max).reduce((sum, [, count]) => sum + count, 0);
  if (rest > 0) listed[OTHER_ORIGINS] = rest;
  return listed;
}
