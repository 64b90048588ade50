// The hub joins the one shared upstream to the sockets. Every post is matched once
// against every followed term, broadcast to that term's room and queued for its batch rooms.
//
// Rooms drive everything: Socket.IO announces when a term's room is created (its first
// follower) and deleted (its last follower left or paused), and the hub files or drops
// the term in the index and tells the source. Nothing is counted by hand.
import type { Follows } from './follow-debounce.ts';
import { toClientError } from '../contract/errors.ts';
import { Batcher } from './batcher.ts';
import type { StreamStatus } from '../contract/events.ts';
import type { StreamServer } from '../contract/io.ts';
import { logText } from '../support/log-text.ts';
import type { Logger } from '../support/logger.ts';
import { parseTermKey, termKeyOf } from './rooms.ts';
import type { StreamSource } from '../sources/source.ts';
import { TermIndex } from '../match/term-index.ts';

export interface Hub {
  readonly index: TermIndex;
  readonly status: StreamStatus;
  /** Every room through which a term reaches its sockets: the plain room and its batch rooms. */
  audience(termKey: string): string[];
  /** How many sockets are receiving a term right now, batched or not. */
  watchers(termKey: string): number;
}

/** `follows` is where term changes go; config/socketio.ts passes a debounced front for the source. */
export function createHub(io: StreamServer, source: StreamSource, logger: Logger, follows: Follows = source): Hub {
  const index = new TermIndex();
  const rooms = io.of('/').adapter.rooms;

  // Term rooms come and go with their followers
  // (a term's plain room and its batch rooms each hold one reference to the term)
  const batcher = new Batcher(io);
  io.of('/').adapter.on('create-room', (room: string) => {
    const termKey = termKeyOf(room);
    const parsed = parseTermKey(termKey);
    if (!parsed) return;
    const first = !index.has(termKey);
    index.add(termKey, parsed.query);
    if (!first) return;
    logger.debug({ term: logText(parsed.term) }, 'term followed');
    contain(logger, 'follow', () => follows.follow(termKey, parsed.query));
  });
  io.of('/').adapter.on('delete-room', (room: string) => {
    const termKey = termKeyOf(room);
    if (index.remove(termKey)) contain(logger, 'unfollow', () => follows.unfollow(termKey));
  });

  // Posts in, broadcasts out: one serialisation per post per term. Every emit is `io.local`:
  // in a cluster each node relays every post itself, so the Redis adapter must not copy it.
  source.on('post', (post, termKeys) => {
    contain(logger, 'deliver', () => {
      for (const termKey of termKeys ?? index.match(post)) {
        // An empty room still costs a serialisation, so only occupied rooms are sent to
        if (rooms.has(termKey)) io.local.to(termKey).emit('tweets', post);
        batcher.push(termKey, post);
      }
    });
  });

  // Upstream health goes to every page
  source.on('status', (status) => io.local.emit('status', status));
  const audience = (termKey: string): string[] => [termKey, ...batcher.roomsOf(termKey)];
  source.on('notice', (termKey, message) => io.local.to(audience(termKey)).emit('inputError', toClientError(message)));
  source.on('error', (err) => logger.error({ err, source: source.name }, 'upstream error'));

  return {
    index,
    get status() {
      return source.status;
    },
    audience,
    watchers: (termKey) => audience(termKey).reduce((sum, room) => sum + (rooms.get(room)?.size ?? 0), 0),
  };
}

/** Runs one step so that a throw is logged and goes no further than this post or term. */
function contain(logger: Logger, step: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    logger.error({ err, step }, 'contained an error');
  }
}
