// Runs a real redis-server (the Debian package) as a child on a free port, with nothing
// saved to disk, for tests of the cluster. It can be stopped and started again on the
// same port, as a Redis restart in production would be.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type Redis } from '../../lib/cluster/redis.ts';
import { silentLogger } from '../../lib/support/logger.ts';
import { freePort } from './spawn-server.ts';

// A machine without the Debian package skips the tests that need it, with a message, as it
// does the browser tests without Chromium; CI always installs it
export const redisInstalled = spawnSync('redis-server', ['--version']).status === 0;
if (!redisInstalled) {
  console.warn('Skipping cluster tests: no redis-server found. Install it with: apt-get install -y redis-server');
}

export interface RedisServer {
  port: number;
  url: string; // redis://127.0.0.1:PORT, what REDIS_URL takes
  /** Kills the server (SIGKILL by default: a crash, not a clean shutdown); resolves once it has gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, empty, and resolves once it answers PING. */
  start(): Promise<void>;
}

/** Starts redis-server on a free port and resolves once it answers PING. Stop it in afterAll/onTestFinished. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitForPing(port);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await gone;
  };

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start };
}

/** Polls with a raw PING until the server answers +PONG (a fresh server takes some milliseconds). */
async function waitForPing(port: number, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

let prefixes = 0;
/** A key prefix no other test in this process uses, so tests can share one redis-server. */
export function freshPrefix(): string {
  prefixes += 1;
  return `test-${process.pid}-${prefixes}`;
}

export interface FileRedis {
  /** The file's redis-server: its url, and stop/start for a restart. */
  readonly server: RedisServer;
  /** A connected client, for the test's own commands. */
  readonly client: Redis;
}

/**
 * For a test file that needs Redis throughout: starts one redis-server and one client in
 * beforeAll and closes both in afterAll. Call it at the top level; read its fields in tests.
 */
export function redisForFile(): FileRedis {
  let server: RedisServer | null = null;
  let client: Redis | null = null;
  beforeAll(async () => {
    server = await startRedis();
    client = await connectRedis(server.url, 'test', silentLogger());
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get client() {
      return client!;
    },
  };
}
