// Starts the real app and Socket.IO server on port 0 for a test, with typed clients,
// and closes everything afterwards.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { createApp } from '../../app.ts';
import { attachSocketIO } from '../../config/socketio.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/events.ts';
import type { Hub, StreamServer } from '../../lib/hub.ts';
import { silentLogger, type Logger } from '../../lib/logger.ts';
import type { StreamSource } from '../../lib/sources/source.ts';
import { ManualSource } from './manual-source.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer<S extends StreamSource = ManualSource> {
  url: string;
  source: S;
  io: StreamServer;
  hub: Hub;
  /** A connected client; it is closed with the server. */
  client(options?: Partial<ManagerOptions & SocketOptions>): Promise<TestClient>;
  close(): Promise<void>;
}

export async function startServer<S extends StreamSource = ManualSource>(
  source?: S,
  { logger = silentLogger() }: { logger?: Logger } = {},
): Promise<TestServer<S>> {
  const upstream = (source ?? new ManualSource()) as S;
  const server = http.createServer(createApp({ sourceName: upstream.name, logger }));
  const { io, hub } = attachSocketIO(server, { source: upstream, logger });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.start();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: TestClient[] = [];

  return {
    url,
    source: upstream,
    io,
    hub,
    async client(options = {}) {
      const socket: TestClient = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
      clients.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      for (const socket of clients) socket.disconnect();
      await upstream.stop();
      await io.close();
    },
  };
}

/** Resolves with the ack of an emit, typed by the event. */
export function request<E extends keyof ClientToServerEvents>(
  socket: TestClient,
  event: E,
  ...args: unknown[]
): Promise<unknown> {
  return new Promise((resolve) => {
    (socket.emit as (ev: string, ...rest: unknown[]) => void)(event, ...args, resolve);
  });
}

/** Collects every post a client receives, for later assertions. */
export function collectPosts(socket: TestClient): string[] {
  const texts: string[] = [];
  socket.on('tweets', (post) => texts.push(post.text));
  return texts;
}

/** A short real wait, for proving that nothing arrives. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
