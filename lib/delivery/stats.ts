// How busy the stream is: the live counter from the socket.io cookbook, done per term.
// Each term's room hears how many pages watch it whenever someone joins or leaves, and
// every page that asked for it (handshake `auth.stats`) hears, once a second, how many
// posts the server has scanned so far. Asking matters: a once-a-second broadcast to
// every socket costs as much as delivering a post to each, and clients such as the
// lesson's page never show the figure.
import type { StreamServer, StreamSocket } from '../contract/io.ts';
import type { StreamSource } from '../sources/source.ts';
import type { Hub } from './hub.ts';
import { parseTermKey, STATS_ROOM, termKeyOf } from './rooms.ts';

export const STREAM_STATS_INTERVAL = 1000; // ms between streamStats broadcasts
// Joins and leaves of one term within this window are announced once, at its end: when
// n pages join together (a server restart), that is about n messages, not n²/2.
export const TERM_STATS_WINDOW = 250; // ms

/** Viewers on other cluster nodes (lib/cluster/presence.ts), added to this node's own. */
export interface RemoteWatchers {
  remoteWatchers(termKey: string): number;
  /** `terms` are the term keys whose count elsewhere changed. */
  on(event: 'change', listener: (terms: string[]) => void): unknown;
  off(event: 'change', listener: (terms: string[]) => void): unknown;
}

export interface StatsDeps {
  io: StreamServer;
  hub: Hub;
  source: StreamSource;
  intervalMs?: number;
  remote?: RemoteWatchers; // in cluster mode: termStats count every node's viewers
}

/** Starts the broadcasts; call the returned function to stop them. */
export function attachStats({ io, hub, source, intervalMs = STREAM_STATS_INTERVAL, remote }: StatsDeps): () => void {
  let scanned = 0;
  const adapter = io.of('/').adapter;
  const subscribe = (socket: StreamSocket): void => {
    if (socket.data.wantsStats) socket.join(STATS_ROOM);
  };
  io.on('connection', subscribe);

  // Rooms other than terms (each socket's own id) are not counted; a term's batch
  // rooms count with its plain room
  const lastSent = new Map<string, number>(); // term key -> ms of its last termStats
  const waiting = new Map<string, NodeJS.Timeout>(); // term keys with an announcement due
  const send = (termKey: string): void => {
    const parsed = parseTermKey(termKey)!;
    const here = hub.watchers(termKey);
    if (here > 0) lastSent.set(termKey, Date.now());
    else lastSent.delete(termKey); // nobody left to tell; forget the term
    const watchers = here + (remote?.remoteWatchers(termKey) ?? 0);
    // Local: each cluster node tells its own sockets (the Redis adapter must not copy this)
    io.local.to(hub.audience(termKey)).emit('termStats', { term: parsed.term, lang: parsed.query.lang, watchers });
  };
  const announce = (room: string): void => {
    const termKey = termKeyOf(room);
    if (!parseTermKey(termKey) || waiting.has(termKey)) return;
    const wait = (lastSent.get(termKey) ?? -Infinity) + TERM_STATS_WINDOW - Date.now();
    if (wait <= 0) return send(termKey);
    const timer = setTimeout(() => {
      waiting.delete(termKey);
      send(termKey);
    }, wait);
    waiting.set(termKey, timer);
  };
  // A page joining a term also hears the scanned total at that moment: its "since the search began" baseline
  const join = (room: string, id: string): void => {
    if (!parseTermKey(termKeyOf(room))) return;
    io.local.to(id).emit('streamStats', { scanned });
    announce(room);
  };
  adapter.on('join-room', join);
  adapter.on('leave-room', announce);
  // Viewers came or went on another node: this node's followers of those terms hear the new sum
  const remoteChange = (terms: string[]): void => {
    for (const termKey of terms) if (hub.watchers(termKey) > 0) announce(termKey);
  };
  remote?.on('change', remoteChange);

  const count = (): void => {
    scanned += 1;
  };
  source.on('post', count);

  let last = -1;
  const timer = setInterval(() => {
    if (scanned === last) return; // nothing new to say
    last = scanned;
    io.local.to(STATS_ROOM).emit('streamStats', { scanned });
  }, intervalMs);
  timer.unref(); // the broadcast never keeps the process alive on its own

  return () => {
    clearInterval(timer);
    for (const pending of waiting.values()) clearTimeout(pending);
    io.off('connection', subscribe);
    adapter.off('join-room', join);
    adapter.off('leave-room', announce);
    source.off('post', count);
    remote?.off('change', remoteChange);
  };
}
