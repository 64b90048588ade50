// Attaches Socket.IO to an HTTP server and wires each connection to the shared hub.
// Step 5 of the code-along lives here, with the stream moved out into lib/.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { BATCH_MS_ERROR, parseBatchMs } from '../lib/batcher.ts';
import { createHub, type Hub, type StreamServer } from '../lib/hub.ts';
import type { Logger } from '../lib/logger.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import { registerStreamHandlers } from '../lib/stream-handlers.ts';

export const MAX_MESSAGE_BYTES = 4 * 1024; // a term request is tiny; anything bigger is abuse

export interface SocketIODeps {
  source: StreamSource;
  logger: Logger;
}

export function attachSocketIO(httpServer: HttpServer, { source, logger }: SocketIODeps): { io: StreamServer; hub: Hub } {
  // Setup Socket.IO: websocket first, small frames, no compression for tiny messages
  const io: StreamServer = new Server(httpServer, {
    serveClient: false, // the page bundles socket.io-client itself
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
  });

  const hub = createHub(io, source, logger);

  // A malformed batch request is refused at the handshake, with the reason in connect_error
  io.use((socket, next) => next(parseBatchMs(socket.handshake.auth) === undefined ? new Error(BATCH_MS_ERROR) : undefined));

  io.on('connection', (socket) => {
    registerStreamHandlers(socket, logger);
    socket.emit('status', hub.status);
  });

  return { io, hub };
}
