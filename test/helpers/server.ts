// Starts the real app and Socket.IO server on port 0 for a test, with typed clients,
// and closes everything afterwards: no test can leak a server, whether it closes its own or not.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, onTestFinished, TestRunner } from 'vitest';
import { io as connect, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { createApp } from '../../app.ts';
import { DEFAULT_LIMITS, loadConfig, type SocketLimits } from '../../config/env.ts';
import { attachSocketIO, type SocketIO } from '../../config/socketio.ts';
import { Registry } from 'prom-client';
import { attachAdmin, attachMetrics, type Admin, type AdminDeps } from '../../config/admin.ts';
import type { RemoteWatchers } from '../../lib/delivery/stats.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/contract/events.ts';
import type { StreamServer } from '../../lib/contract/io.ts';
import type { Hub } from '../../lib/delivery/hub.ts';
import { localEmbedViewers, type EmbedViewerCounts } from '../../lib/delivery/embed-viewers.ts';
import { silentLogger, type Logger } from '../../lib/support/logger.ts';
import type { StreamSource } from '../../lib/sources/source.ts';
import { ManualSource } from './manual-source.ts';
import { createPushApi, type PushApiOptions } from '../../config/push.ts';
import { createIngestCounters } from '../../lib/ingest/counters.ts';
import { publishThroughSource } from '../../lib/ingest/publish.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer<S extends StreamSource = ManualSource> {
  url: string;
  source: S;
  io: StreamServer;
  hub: Hub;
  /** Everything attachSocketIO returned: the follow debouncer and handshake guard too. */
  socketIO: SocketIO;
  /** The admin namespace and monitor, when the server was started with `admin`. */
  admin: Admin | null;
  /** Widget viewers per embedding site, as /healthz shows them (lib/delivery/embed-viewers.ts). */
  embedViewers: EmbedViewerCounts;
  /** A connected client (unless autoConnect is false); it is closed with the server. */
  client(options?: Partial<ManagerOptions & SocketOptions>): Promise<TestClient>;
  /** Idempotent, so a test may close early (say, to restart on the same port) and cleanup still runs. */
  close(): Promise<void>;
}

export interface ServerOptions {
  limits?: Partial<SocketLimits>;
  logger?: Logger;
  port?: number; // 0 (any free port) unless a test restarts a server where it was
  /** Turns on POST /api/posts with these tokens; the rest defaults to the production settings, publishing into the source. */
  push?: Pick<PushApiOptions, 'tokens'> & Partial<PushApiOptions>;
  /** Turns on GET /admin, GET /metrics and the /admin namespace with this password and these seams. */
  admin?: Pick<AdminDeps, 'password' | 'nodes' | 'leader' | 'ingest' | 'intervalMs'>;
  remote?: RemoteWatchers; // viewers on other cluster nodes, as lib/cluster/presence.ts gives them
}

// The production limits, except two that would get in the way of ordinary tests: every
// test client shares 127.0.0.1, and most tests want a follow to reach the source at
// once. test/faults/ passes the real values where it tests those limits.
const PUSH_DEFAULTS = loadConfig({});
const TEST_LIMITS: SocketLimits = { ...DEFAULT_LIMITS, maxConnectionsPerIp: 10_000, followDebounceMs: 0 };

// Cleanup, by where the server was started. Inside a test or a beforeEach there is a
// current test, and the server closes when that test finishes (after its afterEach
// hooks). In a beforeAll there is none, so the server stays open for the rest of the
// file and closes once the file is done. This afterAll is registered when a test file
// imports this module, which vitest does afresh for each file (isolation is on).
const openOutsideTests = new Set<{ close(): Promise<void> }>();
afterAll(async () => {
  await Promise.all([...openOutsideTests].map((server) => server.close()));
});

export async function startServer<S extends StreamSource = ManualSource>(
  source?: S,
  { limits = {}, logger = silentLogger(), port = 0, push, admin: adminOptions, remote }: ServerOptions = {},
): Promise<TestServer<S>> {
  const upstream = (source ?? new ManualSource()) as S;
  // Listen first, so the page's own origin (with its port) is known to the origin check
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settings: SocketLimits = { ...TEST_LIMITS, allowedOrigins: [url], ...limits };
  const pushApi = push && createPushApi({
    perSecond: PUSH_DEFAULTS.INGEST_RATE,
    burst: PUSH_DEFAULTS.INGEST_BURST,
    sourceName: upstream.name,
    publish: publishThroughSource(upstream),
    counters: createIngestCounters(),
    logger,
    ...push,
  });
  const metrics = new Registry();
  const adminRoutes = adminOptions ? { password: adminOptions.password, metrics } : undefined;
  let embedViewers: EmbedViewerCounts | null = null; // counted on Socket.IO, which attaches after the app, below
  const app = createApp({
    sourceName: upstream.name,
    logger,
    allowedOrigins: settings.allowedOrigins,
    embedOrigins: settings.embedOrigins,
    health: () => [upstream.status],
    embedViewers: async () => (embedViewers ? embedViewers.perOrigin() : {}),
    push: pushApi,
    admin: adminRoutes,
  });
  server.on('request', app); // before Socket.IO attaches, which wraps the request listeners
  const socketIO = attachSocketIO(server, { source: upstream, logger, limits: settings, remote });
  embedViewers = localEmbedViewers({ io: socketIO.io, allowedOrigins: settings.allowedOrigins, embedOrigins: settings.embedOrigins });
  if (adminOptions) attachMetrics(socketIO, { metrics, source: upstream, ingest: adminOptions.ingest, leader: adminOptions.leader });
  const admin = adminOptions ? attachAdmin(server, socketIO, { ...adminOptions, source: upstream, logger }) : null;
  const { io, hub } = socketIO;
  upstream.start();
  const clients: TestClient[] = [];
  let closing: Promise<void> | null = null;

  const testServer: TestServer<S> = {
    url,
    source: upstream,
    io,
    hub,
    socketIO,
    admin,
    embedViewers,
    async client(options = {}) {
      const socket: TestClient = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
      clients.push(socket);
      if (options.autoConnect === false) return socket;
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    close() {
      closing ??= (async () => {
        openOutsideTests.delete(testServer);
        for (const socket of clients) socket.disconnect();
        await upstream.stop();
        await io.close();
      })();
      return closing;
    },
  };
  if (TestRunner.getCurrentTest()) onTestFinished(() => testServer.close());
  else openOutsideTests.add(testServer);
  return testServer;
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

/** A brand-new client can still search and receive a post: the server is still serving. */
export async function stillServes(server: TestServer): Promise<void> {
  const client = await server.client();
  const answer = await request(client, 'updateTerm', 'healthcheck');
  if (!answer || typeof answer !== 'object' || !('data' in answer)) throw new Error(`updateTerm failed: ${JSON.stringify(answer)}`);
  const got = new Promise<string>((resolve) => client.once('tweets', (post) => resolve(post.text)));
  (server.source as unknown as ManualSource).push('healthcheck ok');
  if ((await got) !== 'healthcheck ok') throw new Error('the fresh client did not receive the post');
  client.disconnect();
}
