// The lesson's three events, one handler each. Every payload is untrusted: it is
// checked here, at the boundary, and a bad one is answered with `{ error }` and
// changes nothing.
import { CLIENT_ERRORS, toClientError } from '../contract/errors.ts';
import { isCursor } from '../contract/cursor.ts';
import type { AckResponse, ClientToServerEvents, FollowedTerm, FollowReceipt, Post } from '../contract/events.ts';
import type { StreamSocket } from '../contract/io.ts';
import { parseTerm, type Query } from '../match/query.ts';
import { logText } from '../support/log-text.ts';
import type { Logger } from '../support/logger.ts';
import { MAX_BATCH_POSTS } from './batcher.ts';
import type { Replay } from './replay-window.ts';
import { deliveryRoom, parseTermKey, termKey as termKeyFor } from './rooms.ts';

type Reply<T> = (response: AckResponse<T>) => void;

/** The distinct terms followed now (the hub's index), who receives each, and how many may be followed at once (MAX_TERMS). */
export interface TermCap {
  followed: { has(termKey: string): boolean; readonly size: number };
  watchers(termKey: string): number;
  max: number;
}

/** Whether this socket may start receiving a term: null, or an allow-listed sentence saying why not. */
export type Admit = (termKey: string, query: Query) => string | null;

/** The process-wide term cap, then the source's own say (X refuses terms too broad or over an address's share). */
export interface TermGate {
  cap?: TermCap;
  admit?: Admit;
  /** Where a resuming socket's missed posts come from: the hub's replay window. */
  resume?: Resume;
}

/** The hub's side of `since` (lib/delivery/hub.ts). */
export interface Resume {
  /** The matches for a term after `since`, oldest first. */
  replay(termKey: string, since: string): Replay;
  /** Sends a batch room's pending posts to its present members now. */
  flushBatch(room: string): void;
  /** The stream's latest cursor. */
  readonly latest: string | null;
}

export function registerStreamHandlers(socket: StreamSocket, logger: Logger, { cap, admit = () => null, resume }: TermGate = {}): void {
  // The handshake `auth` was parsed on connection (config/socketio.ts); here it only picks the room
  const { batchMs } = socket.data;
  const join = (termKey: string) => socket.join(deliveryRoom(termKey, batchMs));
  // Both rooms, synchronously, so no post or pending batch reaches the socket after this
  const leave = (termKey: string) => {
    socket.leave(termKey);
    socket.leave(deliveryRoom(termKey, batchMs));
  };
  // A term nobody follows yet is refused when the cap is reached; joining a followed one costs
  // nothing, and neither does leaving a term this socket alone receives for another
  const full = (termKey: string) => {
    if (cap === undefined || cap.followed.has(termKey)) return false;
    const current = socket.data.termKey;
    const frees = current !== null && socket.rooms.has(deliveryRoom(current, batchMs)) && cap.watchers(current) === 1;
    return cap.followed.size - (frees ? 1 : 0) >= cap.max;
  };

  // Sends what the socket missed, straight to it, in the events its live posts come in.
  // Batches are cut at the live batch size, so a replay looks like the batches it missed.
  const replay = (posts: Post[]) => {
    if (batchMs === null) {
      for (const post of posts) socket.emit('tweets', post);
      return;
    }
    for (let i = 0; i < posts.length; i += MAX_BATCH_POSTS) socket.emit('tweetBatch', posts.slice(i, i + MAX_BATCH_POSTS));
  };

  // The posts a resuming socket missed; a batch room's pending posts go to its present
  // members first, since the replay already holds them
  const catchUp = (termKey: string, since: string): Replay => {
    if (!resume) return { posts: [], complete: false };
    if (batchMs !== null) resume.flushBatch(deliveryRoom(termKey, batchMs));
    return resume.replay(termKey, since);
  };

  // updateTerm(term | { term, lang, since }, ack?): follow a new term and start its stream,
  // after the matches since `since` when the page is resuming
  on(socket, logger, 'updateTerm', 1, (args, reply: Reply<FollowReceipt>) => {
    const request = args[0];
    const [raw, lang] = isTermObject(request) ? [request.term, request.lang] : [request, null];
    // `since` present asks for the resume point in the ack; a cursor asks for a replay too
    const resuming = isTermObject(request) && request.since !== undefined;
    const since = resuming ? request.since : null;
    if (since !== null && !isCursor(since)) return reply({ error: CLIENT_ERRORS.badCursor });
    const parsed = parseTerm(raw, lang);
    if (!parsed.ok) return reply({ error: parsed.error });

    const followed: FollowedTerm = { term: parsed.value.term, lang: parsed.value.query.lang };
    const termKey = termKeyFor(followed);
    if (full(termKey)) return reply({ error: CLIENT_ERRORS.tooManyTerms });
    const refusal = admit(termKey, parsed.value.query);
    if (refusal) return reply({ error: refusal });
    // Replay, join and ack in one synchronous step: the window is fed in the same step as
    // the rooms, so each post is either in the replay or comes live after it, never both
    const caughtUp = since !== null ? catchUp(termKey, since) : null;
    if (socket.data.termKey && socket.data.termKey !== termKey) leave(socket.data.termKey);
    socket.data.termKey = termKey;
    join(termKey);
    socket.emit('updatedTerm', followed.term);
    if (caughtUp) replay(caughtUp.posts);
    if (!resuming) return reply({ data: followed });
    const receipt: FollowReceipt = { ...followed, cursor: resume?.latest ?? null };
    if (caughtUp) receipt.replay = { posts: caughtUp.posts.length, complete: caughtUp.complete };
    reply({ data: receipt });
  });

  // stopStream(ack?): pause; leaving the room is synchronous, so no post follows the ack
  on(socket, logger, 'stopStream', 0, (_args, reply: Reply<{ paused: true }>) => {
    if (socket.data.termKey) leave(socket.data.termKey);
    reply({ data: { paused: true } });
  });

  // startStream(ack?): resume the current term
  on(socket, logger, 'startStream', 0, (_args, reply: Reply<{ paused: false }>) => {
    if (!socket.data.termKey) return reply({ error: CLIENT_ERRORS.noTerm });
    // A paused term may have been dropped meanwhile; resuming it follows it anew, so it is
    // held to the cap and admitted by the source again
    if (full(socket.data.termKey)) return reply({ error: CLIENT_ERRORS.tooManyTerms });
    const refusal = admit(socket.data.termKey, parseTermKey(socket.data.termKey)!.query);
    if (refusal) return reply({ error: refusal });
    join(socket.data.termKey);
    reply({ data: { paused: false } });
  });
}

/**
 * Registers a listener that takes `arity` arguments plus an optional ack. It checks the
 * argument count, answers through the ack (or an `inputError` event when there is none),
 * and catches everything, because Socket.IO does not.
 */
function on<T>(
  socket: StreamSocket,
  logger: Logger,
  event: keyof ClientToServerEvents,
  arity: number,
  handle: (args: unknown[], reply: Reply<T>) => void,
): void {
  socket.on(event, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as Reply<T>) : null;
    const reply: Reply<T> = (response) => {
      if ('error' in response) {
        const error = toClientError(response.error);
        logger.debug({ event, error, socket: socket.id, input: logText(JSON.stringify(args[0]) ?? '') }, 'rejected a request');
        if (ack) ack({ error });
        else socket.emit('inputError', error);
      } else {
        ack?.(response);
      }
    };
    try {
      if (args.length !== arity) return reply({ error: CLIENT_ERRORS.badArguments });
      handle(args, reply);
    } catch (err) {
      logger.error({ err, event, socket: socket.id }, 'handler failed');
      reply({ error: CLIENT_ERRORS.internal });
    }
  });
}

function isTermObject(value: unknown): value is { term: unknown; lang?: unknown; since?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'term');
}
