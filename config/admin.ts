// Attaches the admin view's live side: the `/admin` Socket.IO namespace with its
// once-a-second snapshot and sampled feed; and, separately, the app's Prometheus metrics. The namespace has the page
// namespace's guards (the connection's event budget, the address and join accounting,
// the slow-consumer bound) plus its own gate: a short-lived token from GET /admin/token,
// which only a request with the admin password can get (lib/admin/socket-token.ts).
import type { Server as HttpServer } from 'node:http';
import os from 'node:os';
import type { Namespace } from 'socket.io';
import type { Registry } from 'prom-client';
import type { AdminClientToServerEvents, AdminServerToClientEvents, IngestCountsProvider, LeaderProvider, NodesProvider } from '../lib/contract/admin-events.ts';
import type { StreamSocket } from '../lib/contract/io.ts';
import { CLIENT_ERRORS } from '../lib/contract/errors.ts';
import { registerMetrics } from '../lib/admin/metrics.ts';
import { AdminMonitor } from '../lib/admin/monitor.ts';
import { socketTokens } from '../lib/admin/socket-token.ts';
import { guardSlowConsumer } from '../lib/guards/slow-consumer.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import type { Logger } from '../lib/support/logger.ts';
import { queueLimits, type SocketIO } from './socketio.ts';

export const ADMIN_NAMESPACE = '/admin';
export const ADMIN_INTERVAL = 1000; // ms between snapshots and feed samples
export const ADMIN_REFUSED = 'Sign in to the admin view again.'; // connect_error for a missing, wrong or expired token

type AdminNamespace = Namespace<AdminClientToServerEvents, AdminServerToClientEvents>;

export interface MetricsDeps {
  metrics: Registry; // the app's registry (the one GET /metrics serves)
  source: StreamSource;
  leader?: LeaderProvider; // cluster mode: whether this process leads
  ingest?: IngestCountsProvider; // the push API's counts; absent, the push API is off
}

export interface AdminDeps {
  password: string; // ADMIN_PASSWORD: the socket token's key is derived from it
  source: StreamSource;
  logger: Logger;
  nodes?: NodesProvider; // cluster mode: every live node {id, sockets, leader}
  leader?: LeaderProvider; // cluster mode: whether this process leads
  ingest?: IngestCountsProvider; // the push API's counts; absent, the page says "push API off"
  nodeId?: string; // how this process is named in the node list
  intervalMs?: number;
}

export interface Admin {
  namespace: AdminNamespace;
  monitor: AdminMonitor;
}

/** Registers the app's metrics (and Node's) on `metrics`, read from this server at scrape time. */
export function attachMetrics(socketIO: SocketIO, { metrics, source, ingest, leader }: MetricsDeps): void {
  const { io, hub, activity } = socketIO;
  registerMetrics(metrics, {
    activity,
    sockets: () => io.of('/').sockets.size,
    followedTerms: () => hub.index.size,
    upstreamConnected: () => source.status.state === 'live',
    ingest,
    leader,
  });
}

export function attachAdmin(httpServer: HttpServer, socketIO: SocketIO, deps: AdminDeps): Admin {
  const { io, hub, activity, floods, handshake, limits } = socketIO;
  const { source, logger, intervalMs = ADMIN_INTERVAL } = deps;
  const pageSockets = (): number => io.of('/').sockets.size;

  const monitor = new AdminMonitor({
    source,
    hub,
    activity,
    sockets: pageSockets,
    nodeId: deps.nodeId ?? `${os.hostname()}:${process.pid}`,
    logger,
    nodes: deps.nodes,
    leader: deps.leader,
    ingest: deps.ingest,
  });
  // The charts' baseline is now, not the first tick: posts that arrive before it still count
  monitor.sample(Date.now());

  // The namespace's gates, in the page namespace's order: budget, then credentials, then the address count
  const namespace = io.of(ADMIN_NAMESPACE) as unknown as AdminNamespace;
  const tokens = socketTokens(deps.password);
  namespace.use((socket, next) => next(floods.admitJoin(socket.conn) ? undefined : new Error(CLIENT_ERRORS.tooFast)));
  namespace.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).token : undefined;
    if (tokens.verify(token)) return next();
    logger.warn({ address: socket.handshake.address }, 'refused an admin socket without a valid token');
    next(new Error(ADMIN_REFUSED));
  });
  namespace.use((socket, next) => {
    const refusal = handshake.join(socket.conn);
    next(refusal === null ? undefined : new Error(refusal));
  });

  namespace.on('connection', (socket) => {
    // The admin page sends nothing, but a client could: it is metered like any other
    floods.guard(socket as unknown as StreamSocket);
    guardSlowConsumer(socket as unknown as StreamSocket, queueLimits(limits), logger);
    socket.once('disconnect', () => handshake.left(socket.conn));
    void monitor.snapshot(Date.now()).then(
      (snapshot) => socket.emit('adminSnapshot', snapshot),
      (err: unknown) => logger.error({ err }, 'admin snapshot failed'),
    );
  });

  // Once a tick: the history is sampled always; snapshot and feed go out only to someone.
  // Volatile: a page that is behind skips a second rather than queueing stale figures.
  const tick = (): void => {
    const now = Date.now();
    monitor.sample(now);
    const feed = monitor.feed.take(now);
    if (namespace.sockets.size === 0) return;
    namespace.volatile.emit('adminFeed', feed);
    monitor.snapshot(now).then(
      (snapshot) => namespace.volatile.emit('adminSnapshot', snapshot),
      (err: unknown) => logger.error({ err }, 'admin snapshot failed'),
    );
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  httpServer.on('close', () => {
    clearInterval(timer);
    monitor.close();
  });

  return { namespace, monitor };
}
