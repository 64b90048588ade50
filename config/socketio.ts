// Attaches Socket.IO to an HTTP server and wires each connection to the shared hub.
// Step 5 of the code-along lives here, with the stream moved out into lib/, and every
// limit from "Security and limits" in the README applied in one place.
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { guardSlowConsumer, type QueueLimits } from '../lib/guards/slow-consumer.ts';
import { parseAuth } from '../lib/contract/auth.ts';
import { CLIENT_ERRORS } from '../lib/contract/errors.ts';
import { createFloodGuard } from '../lib/guards/flood.ts';
import { DebouncedFollows } from '../lib/delivery/follow-debounce.ts';
import { createHandshakeGuard } from '../lib/guards/handshake.ts';
import type { StreamServer } from '../lib/contract/io.ts';
import { createHub, type Hub } from '../lib/delivery/hub.ts';
import { createActivity, type Activity } from '../lib/delivery/activity.ts';
import type { Logger } from '../lib/support/logger.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import { attachStats, type RemoteWatchers } from '../lib/delivery/stats.ts';
import { registerStreamHandlers } from '../lib/delivery/handlers.ts';
import { DEFAULT_LIMITS, type SocketLimits } from './env.ts';

export interface SocketIODeps {
  source: StreamSource;
  logger: Logger;
  limits?: SocketLimits;
  activity?: Activity; // counters the admin view and /metrics read; fresh ones by default
  adapter?: ServerOptions['adapter']; // cluster mode: Socket.IO's Redis adapter, for status and notices only
  remote?: RemoteWatchers; // cluster mode: viewers on the other nodes, for termStats
}

export interface SocketIO {
  io: StreamServer;
  hub: Hub;
  follows: DebouncedFollows;
  handshake: ReturnType<typeof createHandshakeGuard>;
  floods: ReturnType<typeof createFloodGuard>; // the per-connection event budget, shared with the /admin namespace
  activity: Activity;
  limits: SocketLimits;
}

export function attachSocketIO(httpServer: HttpServer, { source, logger, limits = DEFAULT_LIMITS, activity = createActivity(), adapter, remote }: SocketIODeps): SocketIO {
  const handshake = createHandshakeGuard(limits);

  // Setup Socket.IO: websocket first, small frames, no compression for tiny messages
  const io: StreamServer = new Server(httpServer, {
    serveClient: false, // the page bundles socket.io-client itself
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    maxHttpBufferSize: limits.maxMessageBytes,
    allowRequest: handshake.allowRequest,
    ...(adapter ? { adapter } : {}),
  });
  // Every Engine.IO connection counts against the process, and must join the namespace in time
  io.engine.on('connection', (conn) => handshake.track(conn));
  const floods = createFloodGuard({ burst: limits.eventBurst, perSecond: limits.eventsPerSecond, refusalsBeforeClose: limits.refusalsBeforeClose });

  const follows = new DebouncedFollows(source, limits.followDebounceMs, (err, step) =>
    logger.error({ err, step }, 'contained an error'),
  );
  const hub = createHub(io, source, logger, follows, { activity });
  const stopStats = attachStats({ io, hub, source, remote });
  httpServer.on('close', stopStats);

  // A namespace join (the Socket.IO CONNECT) costs a token of its connection's budget, so
  // `41` then `40` buys nothing
  io.use((socket, next) => next(floods.admitJoin(socket.conn) ? undefined : new Error(CLIENT_ERRORS.tooFast)));

  // The handshake `auth` is parsed here, once, into socket.data; a malformed request is
  // refused with the reason in connect_error
  io.use((socket, next) => {
    const auth = parseAuth(socket.handshake.auth);
    if (!auth.ok) return next(new Error(auth.error));
    socket.data = { ...auth.value, termKey: null };
    next();
  });

  // Only a join that passed every other check counts the connection against its address
  // (and stops its join timeout); a refused one is closed when the timeout runs out
  io.use((socket, next) => {
    const refusal = handshake.join(socket.conn);
    next(refusal === null ? undefined : new Error(refusal));
  });

  io.on('connection', (socket) => {
    floods.guard(socket);
    guardSlowConsumer(socket, queueLimits(limits), logger, (posts) => (activity.skipped += posts));
    // A term someone already follows costs the upstream nothing; a new one is the source's call,
    // with the address counted as the per-address cap counts it (behind a trusted proxy, the
    // forwarded client; IPv6 per /64)
    const address = handshake.addressOf(socket.request);
    registerStreamHandlers(socket, logger, {
      cap: { followed: hub.index, watchers: hub.watchers, max: limits.maxTerms },
      admit: (termKey, query) => (hub.index.has(termKey) ? null : source.admit(termKey, query, address)),
      resume: hub,
    });
    socket.once('disconnect', () => handshake.left(socket.conn));
    socket.emit('status', hub.status);
  });

  return { io, hub, follows, handshake, floods, activity, limits };
}

/** The slow-consumer bounds from the settings, for every namespace's sockets. */
export function queueLimits(limits: SocketLimits): QueueLimits {
  return { maxPosts: limits.maxQueuedPosts, maxPackets: limits.maxQueuedPackets, maxBytes: limits.maxQueuedBytes };
}
