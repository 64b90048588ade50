// Every room name, built and parsed here. A followed term lives in a Socket.IO room
// named by its term key; the key holds everything needed to rebuild the query, so the
// room is the only record. A socket that asked for batches joins the term's batch room
// instead (`batch:<ms>:<term key>`). Other rooms (socket ids, `stats`) are not terms.
import type { FollowedTerm } from '../contract/events.ts';
import { parseTerm, type ParsedTerm } from '../match/query.ts';

const TERM_PREFIX = 'term:';
const BATCH_PREFIX = 'batch:';

/** The sockets that asked for streamStats (handshake `auth.stats`). */
export const STATS_ROOM = 'stats';

/** A followed term's identifier: its room name, and its key in the index and the source. */
export function termKey({ term, lang }: FollowedTerm): string {
  return `${TERM_PREFIX}${lang ?? '*'}:${term}`;
}

/** The parsed term behind a term key, or null for keys that are not terms. */
export function parseTermKey(termKey: string): ParsedTerm | null {
  if (!termKey.startsWith(TERM_PREFIX)) return null;
  const rest = termKey.slice(TERM_PREFIX.length);
  const colon = rest.indexOf(':');
  const lang = rest.slice(0, colon);
  const result = parseTerm(rest.slice(colon + 1), lang === '*' ? null : lang);
  return result.ok ? result.value : null;
}

/** The room a socket joins to receive a term: the plain room, or its batch room. */
export function deliveryRoom(termKey: string, batchMs: number | null): string {
  return batchMs === null ? termKey : `${BATCH_PREFIX}${batchMs}:${termKey}`;
}

/** The term key behind a plain or batch room name (any other room comes back as is). */
export function termKeyOf(room: string): string {
  if (!room.startsWith(BATCH_PREFIX)) return room;
  return room.slice(room.indexOf(':', BATCH_PREFIX.length) + 1);
}

/** The window of a batch room, or null for any other room. */
export function batchWindowOf(room: string): number | null {
  if (!room.startsWith(BATCH_PREFIX)) return null;
  const ms = Number(room.slice(BATCH_PREFIX.length, room.indexOf(':', BATCH_PREFIX.length)));
  return Number.isInteger(ms) ? ms : null;
}
