// Starts Stream Search: reads the config, creates the source, the app and Socket.IO,
// listens, and shuts down cleanly on SIGTERM or SIGINT.
import http from 'node:http';
import { createApp } from '../app.ts';
import { attachSocketIO } from '../config/socketio.ts';
import { ConfigError, loadConfig, type Config } from '../config/env.ts';
import { createLogger } from '../lib/logger.ts';
import { createSource } from '../lib/sources/index.ts';
import type { StreamSource } from '../lib/sources/source.ts';

const SHUTDOWN_GRACE = 5_000; // ms before a stuck shutdown is forced

// Read and check the settings: a bad one is one clear line, then exit 1
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

const logger = createLogger(config.LOG_LEVEL);

// Create the upstream source; one that cannot start is a one-line failure too
let source: StreamSource;
try {
  source = createSource(config, { logger });
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

// Create the HTTP server and attach Socket.IO (Step 6 of the code-along)
const app = createApp({ sourceName: source.name, logger });
const server = http.createServer(app);
const { io } = attachSocketIO(server, { source, logger });

// Listen on the configured port
server.on('error', (err: NodeJS.ErrnoException) => {
  const where = `${config.HOST}:${config.PORT}`;
  if (err.code === 'EADDRINUSE') console.error(`Port ${config.PORT} is already in use (${where}). Set PORT to another port.`);
  else if (err.code === 'EACCES') console.error(`Port ${config.PORT} needs elevated privileges (${where}).`);
  else console.error(`Cannot listen on ${where}: ${err.message}`);
  process.exit(1);
});
server.listen(config.PORT, config.HOST, () => {
  source.start();
  logger.info({ url: `http://${config.HOST}:${config.PORT}`, source: source.name }, 'Stream Search is listening');
});

// Shut down on SIGTERM / SIGINT: stop the upstream, close sockets, then the server
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE).unref();
  await source.stop();
  await io.close(); // also closes the HTTP server
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
