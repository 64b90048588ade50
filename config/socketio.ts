// Attaches Socket.IO to an HTTP server and wires each connection to the shared hub.
// Step 5 of the code-along lives here, with the stream moved out into lib/, and every
// limit from "Security and limits" in the README applied in one place.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { guardSlowConsumer } from '../lib/backpressure.ts';
import { BATCH_MS_ERROR, parseBatchMs } from '../lib/batcher.ts';
import { guardFloods } from '../lib/flood-guard.ts';
import { DebouncedFollows } from '../lib/follow-debounce.ts';
import { createHandshakeGuard } from '../lib/handshake-guard.ts';
import { createHub, type Hub, type StreamServer } from '../lib/hub.ts';
import type { Logger } from '../lib/logger.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import { attachStats } from '../lib/stats.ts';
import { registerStreamHandlers } from '../lib/stream-handlers.ts';
import { loadConfig, type Config } from './env.ts';

export interface SocketLimits {
  allowedOrigins: readonly string[]; // ALLOWED_ORIGINS
  maxMessageBytes: number; // MAX_MESSAGE_BYTES: a bigger frame closes that connection
  eventBurst: number; // SOCKET_EVENT_BURST
  eventsPerSecond: number; // SOCKET_EVENTS_PER_SECOND
  maxConnectionsPerIp: number; // MAX_CONNECTIONS_PER_IP
  followDebounceMs: number; // FOLLOW_DEBOUNCE_MS
  maxQueuedPosts: number; // MAX_QUEUED_POSTS: messages (a post or a batch) waiting for one socket
}

export function limitsFrom(config: Config): SocketLimits {
  return {
    allowedOrigins: config.ALLOWED_ORIGINS,
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    eventBurst: config.SOCKET_EVENT_BURST,
    eventsPerSecond: config.SOCKET_EVENTS_PER_SECOND,
    maxConnectionsPerIp: config.MAX_CONNECTIONS_PER_IP,
    followDebounceMs: config.FOLLOW_DEBOUNCE_MS,
    maxQueuedPosts: config.MAX_QUEUED_POSTS,
  };
}

/** The defaults of config/env.ts, for callers (tests, tools) without a config. */
export const DEFAULT_LIMITS: SocketLimits = Object.freeze(limitsFrom(loadConfig({})));

export interface SocketIODeps {
  source: StreamSource;
  logger: Logger;
  limits?: SocketLimits;
}

export interface SocketIO {
  io: StreamServer;
  hub: Hub;
  follows: DebouncedFollows;
  handshake: ReturnType<typeof createHandshakeGuard>;
  limits: SocketLimits;
}

export function attachSocketIO(httpServer: HttpServer, { source, logger, limits = DEFAULT_LIMITS }: SocketIODeps): SocketIO {
  const handshake = createHandshakeGuard(limits);

  // Setup Socket.IO: websocket first, small frames, no compression for tiny messages
  const io: StreamServer = new Server(httpServer, {
    serveClient: false, // the page bundles socket.io-client itself
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    maxHttpBufferSize: limits.maxMessageBytes,
    allowRequest: handshake.allowRequest,
  });
  io.engine.on('connection', (conn) => handshake.track(conn));

  const follows = new DebouncedFollows(source, limits.followDebounceMs, (err, step) =>
    logger.error({ err, step }, 'contained an error'),
  );
  const hub = createHub(io, source, logger, follows);
  const stopStats = attachStats({ io, hub, source });
  httpServer.on('close', stopStats);

  // A malformed batch request is refused at the handshake, with the reason in connect_error
  io.use((socket, next) => next(parseBatchMs(socket.handshake.auth) === undefined ? new Error(BATCH_MS_ERROR) : undefined));

  io.on('connection', (socket) => {
    guardFloods(socket, { burst: limits.eventBurst, perSecond: limits.eventsPerSecond });
    guardSlowConsumer(socket, limits.maxQueuedPosts);
    registerStreamHandlers(socket, logger);
    socket.emit('status', hub.status);
  });

  return { io, hub, follows, handshake, limits };
}
