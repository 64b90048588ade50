// The hub joins the one shared upstream to the sockets. Every post is matched once
// against every followed term, broadcast to that term's room and queued for its batch rooms.
// Every post leaves with a cursor, and goes into the replay window for pages that resume.
//
// Rooms drive everything: Socket.IO announces when a term's room is created (its first
// follower) and deleted (its last follower left or paused), and the hub files or drops
// the term in the index and tells the source. Nothing is counted by hand.
import type { Activity } from './activity.ts';
import type { Follows } from './follow-debounce.ts';
import { toClientError } from '../contract/errors.ts';
import { Batcher } from './batcher.ts';
import { isCursor } from '../contract/cursor.ts';
import type { Post, StreamStatus } from '../contract/events.ts';
import { CursorClock } from './cursor-clock.ts';
import { ReplayWindow, type CursoredPost, type Replay } from './replay-window.ts';
import type { Clock } from '../support/clock.ts';
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
  /** The recent posts, for resuming pages; cluster mode may preload it (ReplayWindow#record). */
  readonly replayWindow: ReplayWindow;
  /** The stream's latest cursor, or null before the first post. */
  readonly latest: string | null;
  /** The matches for a term after `since` still in the window, oldest first. */
  replay(termKey: string, since: string): Replay;
  /** Sends a batch room's pending posts now, so that a socket joining it after a replay gets none of them twice. */
  flushBatch(room: string): void;
}

export interface HubOptions {
  clock?: Clock; // stamps cursors and ages the replay window
  replayWindow?: ReplayWindow; // a window made elsewhere, say already preloaded
  activity?: Activity; // counts posts in, matches and deliveries, for the admin view and /metrics
}

/**
 * `follows` is where term changes go; config/socketio.ts passes a debounced front for the source.
 * `options.activity` counts posts in, matches and deliveries (lib/delivery/activity.ts).
 */
export function createHub(io: StreamServer, source: StreamSource, logger: Logger, follows: Follows = source, options: HubOptions = {}): Hub {
  const { activity } = options;
  const index = new TermIndex();
  const cursors = new CursorClock(options.clock);
  const replayWindow = options.replayWindow ?? new ReplayWindow({ clock: options.clock });
  const rooms = io.of('/').adapter.rooms;

  // Term rooms come and go with their followers
  // (a term's plain room and its batch rooms each hold one reference to the term)
  const batcher = new Batcher(io, activity);
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

  // Posts in, broadcasts out: one serialisation per post per term. A post that already has
  // a cursor keeps it (cluster mode relays Redis Stream entries with their ids); any other
  // is stamped, on a copy, since a source may hand out the same object twice. The window
  // is fed before delivery, in the same synchronous step, so a replay and the live posts
  // after it meet with no gap and no overlap. Every emit is `io.local`: in a cluster each
  // node relays every post itself, so the Redis adapter must not copy it.
  source.on('post', (post, termKeys) => {
    contain(logger, 'deliver', () => deliver(stamp(post), termKeys ?? null));
  });
  function deliver(post: CursoredPost, termKeys: readonly string[] | null): void {
    // A cursor that is not after the latest one is a post already handled (a cluster relay
    // reading an entry twice): delivering it again would show it twice
    if (!replayWindow.record(post, termKeys)) return void logger.debug({ cursor: post.cursor }, 'skipped a post already handled');
    if (activity) activity.postsIn += 1;
    // Counting costs a few additions per emit: a room's size is a property of its Set
    for (const termKey of termKeys ?? index.match(post)) {
      // An empty room still costs a serialisation, so only occupied rooms are sent to
      if (rooms.has(termKey)) io.local.to(termKey).emit('tweets', post);
      if (activity) {
        activity.matches += 1;
        activity.deliveries += rooms.get(termKey)?.size ?? 0;
      }
      batcher.push(termKey, post);
    }
  }

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
    replayWindow,
    get latest() {
      return replayWindow.latest;
    },
    replay: (termKey, since) => {
      const parsed = parseTermKey(termKey);
      return parsed ? replayWindow.since(since, termKey, parsed.query) : { posts: [], complete: false };
    },
    flushBatch: (room) => batcher.flush(room),
  };

  function stamp(post: Post): CursoredPost {
    if (isCursor(post.cursor)) {
      cursors.observe(post.cursor);
      return post as CursoredPost;
    }
    return { ...post, cursor: cursors.next() };
  }
}

/** Runs one step so that a throw is logged and goes no further than this post or term. */
function contain(logger: Logger, step: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    logger.error({ err, step }, 'contained an error');
  }
}
