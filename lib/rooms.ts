// A followed term lives in a Socket.IO room whose name is the term's key. The key
// holds everything needed to rebuild the query, so the room is the only record.
import type { FollowedTerm } from './events.ts';
import { parseTerm, type ParsedTerm } from './query.ts';

const PREFIX = 'term:';

export function roomKey({ term, lang }: FollowedTerm): string {
  return `${PREFIX}${lang ?? '*'}:${term}`;
}

/** The parsed term behind a room name, or null for rooms that are not terms (socket ids). */
export function parseRoomKey(room: string): ParsedTerm | null {
  if (!room.startsWith(PREFIX)) return null;
  const rest = room.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  const lang = rest.slice(0, colon);
  const result = parseTerm(rest.slice(colon + 1), lang === '*' ? null : lang);
  return result.ok ? result.value : null;
}
