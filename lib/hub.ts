// The hub joins the one shared upstream to the sockets. Every post is matched once
// against every followed term, broadcast to that term's room and queued for its batch rooms.
//
// Rooms drive everything: Socket.IO announces when a term's room is created (its first
// follower) and deleted (its last follower left or paused), and the hub files or drops
// the term in the index and tells the source. Nothing is counted by hand.
import type { Server } from 'socket.io';
import type { Follows } from './follow-debounce.ts';
import { toClientError } from './errors.ts';
import { Batcher, termKeyOf } from './batcher.ts';
import type { ClientToServerEvents, ServerToClientEvents, SocketData, StreamStatus } from './events.ts';
import { logText } from './log-text.ts';
import type { Logger } from './logger.ts';
import { parseRoomKey } from './rooms.ts';
import type { StreamSource } from './sources/source.ts';
import { TermIndex } from './term-index.ts';

export type StreamServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface Hub {
  readonly index: TermIndex;
  readonly status: StreamStatus;
  /** Every room through which a term reaches its sockets: the plain room and its batch rooms. */
  audience(key: string): string[];
  /** How many sockets are receiving a term right now, batched or not. */
  watchers(key: string): number;
}

/** `follows` is where term changes go; config/socketio.ts passes a debounced front for the source. */
export function createHub(io: StreamServer, source: StreamSource, logger: Logger, follows: Follows = source): Hub {
  const index = new TermIndex();
  const rooms = io.of('/').adapter.rooms;

  // Term rooms come and go with their followers
  // (a term's plain room and its batch rooms each hold one reference to the term)
  const batcher = new Batcher(io);
  io.of('/').adapter.on('create-room', (room: string) => {
    const key = termKeyOf(room);
    const parsed = parseRoomKey(key);
    if (!parsed) return;
    const first = !index.has(key);
    index.add(key, parsed.query);
    if (!first) return;
    logger.debug({ term: logText(parsed.term) }, 'term followed');
    contain(logger, 'follow', () => follows.follow(key, parsed.query));
  });
  io.of('/').adapter.on('delete-room', (room: string) => {
    const key = termKeyOf(room);
    if (index.remove(key)) contain(logger, 'unfollow', () => follows.unfollow(key));
  });

  // Posts in, broadcasts out: one serialisation per post per term
  source.on('post', (post, keys) => {
    contain(logger, 'deliver', () => {
      for (const key of keys ?? index.match(post)) {
        // An empty room still costs a serialisation, so only occupied rooms are sent to
        if (rooms.has(key)) io.to(key).emit('tweets', post);
        batcher.push(key, post);
      }
    });
  });

  // Upstream health goes to every page
  source.on('status', (status) => io.emit('status', status));
  const audience = (key: string): string[] => [key, ...batcher.roomsOf(key)];
  source.on('notice', (key, message) => io.to(audience(key)).emit('inputError', toClientError(message)));
  source.on('error', (err) => logger.error({ err, source: source.name }, 'upstream error'));

  return {
    index,
    get status() {
      return source.status;
    },
    audience,
    watchers: (key) => audience(key).reduce((sum, room) => sum + (rooms.get(room)?.size ?? 0), 0),
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
