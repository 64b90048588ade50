// Starts Stream Search: reads the config, creates the source, the app and Socket.IO,
// listens, and shuts down cleanly on SIGTERM or SIGINT.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createApp } from '../app.ts';
import { limitsFrom, loadConfigOrExit } from '../config/env.ts';
import { attachSocketIO } from '../config/socketio.ts';
import { attachAdmin, attachMetrics } from '../config/admin.ts';
import { listenMetrics } from '../config/metrics-port.ts';
import { Registry } from 'prom-client';
import { installLastResort } from '../lib/support/last-resort.ts';
import { createLogger } from '../lib/support/logger.ts';
import { createSource } from '../config/sources.ts';
import { createPushApi } from '../config/push.ts';
import { createIngestCounters } from '../lib/ingest/counters.ts';
import { publishThroughSource } from '../lib/ingest/publish.ts';
import { clusterSettingsFrom, nodeIdFrom, openCluster, type Cluster } from '../config/cluster.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import { localEmbedViewers, type EmbedViewerCounts } from '../lib/delivery/embed-viewers.ts';

const SHUTDOWN_GRACE = 8_000; // ms before a stuck shutdown is forced; orchestrators wait 10 s
const SHUTDOWN_MESSAGE = 'The server is restarting. Reconnecting shortly…';

// Read and check the settings (from .env too, if there is one): a bad one is one clear line, then exit 1
if (existsSync('.env')) process.loadEnvFile('.env');
const config = loadConfigOrExit();

const logger = createLogger(config.LOG_LEVEL);
const lastResort = installLastResort(process, logger);

// Create the upstream source; one that cannot start is a one-line failure too.
// In cluster mode (REDIS_URL) the hub's source is the relay of the cluster's post log, and
// only the leader runs the configured upstream; a Redis that does not answer is one line, exit 1.
let source: StreamSource;
let cluster: Cluster | null = null;
const nodeId = nodeIdFrom(config);
try {
  const upstream = (): StreamSource => createSource(config, { logger });
  const settings = clusterSettingsFrom(config, nodeId);
  cluster = settings ? await openCluster(settings, upstream, logger) : null;
  source = cluster ? cluster.relay : upstream();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

// The push API, when INGEST_TOKENS is set: pushed posts join the source's own. In cluster
// mode they go into the cluster's post log, which every node reads, and a repeated id is
// caught whichever node it was pushed to
const ingestCounters = createIngestCounters();
const push = config.INGEST_TOKENS.length === 0
  ? undefined
  : createPushApi({
      tokens: config.INGEST_TOKENS,
      perSecond: config.INGEST_RATE,
      burst: config.INGEST_BURST,
      sourceName: source.name,
      publish: cluster ? cluster.publish : publishThroughSource(source),
      dedupe: cluster?.dedupe,
      counters: ingestCounters,
      logger,
    });

// Create the HTTP server and attach Socket.IO (Step 6 of the code-along), and the admin view if it has a password
const metrics = new Registry();
const admin = config.ADMIN_PASSWORD ? { password: config.ADMIN_PASSWORD, metrics } : undefined;
// The widget viewers per site (for /healthz) are counted on the Socket.IO server, which
// attaches to the HTTP server after the app exists: the app asks through this provider
let embedViewers: EmbedViewerCounts | null = null;
const app = createApp({
  admin,
  sourceName: source.name,
  logger,
  allowedOrigins: config.ALLOWED_ORIGINS,
  trustProxy: config.TRUST_PROXY,
  embedOrigins: config.EMBED_ORIGINS,
  health: () => [source.status],
  failure: () => lastResort.failure, // after an uncaught exception, /healthz says 503
  embedViewers: async () => (cluster ? cluster.embedViewers() : (embedViewers?.perOrigin() ?? {})),
  node: () => cluster?.health() ?? { id: nodeId },
  push,
});
const server = http.createServer(app);
const socketIO = attachSocketIO(server, { source, logger, limits: limitsFrom(config), adapter: cluster?.adapter, remote: cluster?.presence });
const { io, hub, follows } = socketIO;
embedViewers = localEmbedViewers({ io, allowedOrigins: config.ALLOWED_ORIGINS, embedOrigins: config.EMBED_ORIGINS });
cluster?.attach(io, hub, embedViewers);
// The push API's results show in the admin view and /metrics only when the push API is on;
// in cluster mode both list every node and say whether this one leads
const ingest = push ? () => ingestCounters : undefined;
const nodes = cluster ? () => cluster!.nodes().map(({ id, sockets, leader }) => ({ id, sockets, leader })) : undefined;
const leader = cluster ? () => cluster!.health().leader : undefined;
if (admin || config.METRICS_PORT) attachMetrics(socketIO, { metrics, source, ingest, leader });
if (admin) attachAdmin(server, socketIO, { password: admin.password, source, logger, ingest, nodes, leader, nodeId });

// Listen on the configured port
function onListenError(err: NodeJS.ErrnoException): void {
  const where = `${config.HOST}:${config.PORT}`;
  if (err.code === 'EADDRINUSE') console.error(`Port ${config.PORT} is already in use (${where}). Set PORT to another port.`);
  else if (err.code === 'EACCES') console.error(`Port ${config.PORT} needs elevated privileges (${where}).`);
  else console.error(`Cannot listen on ${where}: ${err.message}`);
  process.exit(1);
}
server.once('error', onListenError);
server.listen(config.PORT, config.HOST, () => {
  // Once listening, an error (such as EMFILE under a flood) is logged, never fatal
  server.off('error', onListenError);
  server.on('error', (err) => logger.error({ err }, 'server error'));
  source.start();
  logger.info({ url: `http://${config.HOST}:${config.PORT}`, source: source.name }, 'Stream Search is listening');
  // Metrics on the loopback, if asked for: a port in use there is one line and exit 1 too
  if (config.METRICS_PORT) {
    listenMetrics(metrics, config.METRICS_PORT, logger).then(
      (metricsServer) => {
        metricsServer.unref(); // never what keeps a stopping process alive
        logger.info({ url: `http://127.0.0.1:${config.METRICS_PORT}/metrics` }, 'metrics are listening');
      },
      (err: NodeJS.ErrnoException) => {
        console.error(`Cannot serve metrics on 127.0.0.1:${config.METRICS_PORT}: ${err.code ?? err.message}. Set METRICS_PORT to another port.`);
        process.exit(1);
      },
    );
  }
});

// Shut down on SIGTERM / SIGINT: stop accepting, tell the pages, stop the upstream,
// then close the sockets and the server
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.error('shutdown took too long; forcing exit');
    process.exit(1);
  }, SHUTDOWN_GRACE).unref();
  server.close(); // no new connections; open ones are closed by io.close() below
  io.local.emit('status', { source: source.name, state: 'reconnecting', message: SHUTDOWN_MESSAGE });
  follows.flush();
  try {
    await source.stop();
    await cluster?.stop(); // gives the lease up, so another node reads the upstream at once
  } catch (err) {
    logger.error({ err }, 'upstream did not stop cleanly');
  }
  await io.close();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
