// Starts Stream Search: reads the config, creates the source, the app and Socket.IO,
// listens, and shuts down cleanly on SIGTERM or SIGINT.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createApp } from '../app.ts';
import { limitsFrom, loadConfigOrExit } from '../config/env.ts';
import { attachSocketIO } from '../config/socketio.ts';
import { installLastResort } from '../lib/support/last-resort.ts';
import { createLogger } from '../lib/support/logger.ts';
import { createSource } from '../config/sources.ts';
import { clusterSettingsFrom, nodeIdFrom, openCluster, type Cluster } from '../config/cluster.ts';
import type { StreamSource } from '../lib/sources/source.ts';

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

// Create the HTTP server and attach Socket.IO (Step 6 of the code-along)
const app = createApp({
  sourceName: source.name,
  logger,
  allowedOrigins: config.ALLOWED_ORIGINS,
  health: () => [source.status],
  failure: () => lastResort.failure, // after an uncaught exception, /healthz says 503
  node: () => cluster?.health() ?? { id: nodeId },
});
const server = http.createServer(app);
const { io, hub, follows } = attachSocketIO(server, { source, logger, limits: limitsFrom(config), adapter: cluster?.adapter, remote: cluster?.presence });
cluster?.attach(io, hub);

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
