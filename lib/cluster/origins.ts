// Sockets per page origin on this node, for the presence record: an embedding site's
// viewers can be counted across the cluster. Bounded: past MAX_ORIGINS distinct origins,
// the rest are counted together under OTHER_ORIGINS.
import type { StreamServer } from '../contract/io.ts';

export const MAX_ORIGINS = 100; // distinct origins counted one by one
export const OTHER_ORIGINS = 'other';
const NO_ORIGIN = 'none'; // a client that sent no Origin header (not a browser page)

export interface OriginCounts {
  attach(io: StreamServer): void;
  /** Origin -> sockets connected from it right now. */
  counts(): Record<string, number>;
}

export function countOrigins(): OriginCounts {
  const counts = new Map<string, number>();
  const bucket = (origin: string | undefined): string => {
    const name = origin ?? NO_ORIGIN;
    return counts.has(name) || counts.size < MAX_ORIGINS ? name : OTHER_ORIGINS;
  };
  return {
    attach(io) {
      io.on('connection', (socket) => {
        const name = bucket(socket.handshake.headers.origin);
        counts.set(name, (counts.get(name) ?? 0) + 1);
        socket.once('disconnect', () => {
          const left = (counts.get(name) ?? 1) - 1;
          if (left > 0) counts.set(name, left);
          else counts.delete(name);
        });
      });
    },
    counts: () => Object.fromEntries(counts),
  };
}
