// The Redis connections a cluster node holds: one for commands, one for the blocking
// stream read, two for Socket.IO's adapter. Each retries with capped backoff after a drop
// and fails fast while down, so a Redis outage never piles up commands in memory.
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import type { Logger } from '../support/logger.ts';

export type Redis = ReturnType<typeof createClient>;

export const RECONNECT_BASE_MS = 100; // first retry after a drop, doubled per failed try
export const RECONNECT_MAX_MS = 5_000; // retry delay cap: Redis back within seconds is noticed within seconds
export const CONNECT_TIMEOUT_MS = 3_000; // one connection attempt

/**
 * Connects to `url`, rejecting if the first attempt fails (a node that cannot reach Redis
 * at start should say so and exit); after that, drops are retried for ever with backoff.
 */
export async function connectRedis(url: string, role: string, logger: Logger): Promise<Redis> {
  let connected = false;
  const client: Redis = createClient({
    url,
    disableOfflineQueue: true, // a command while down fails at once; its caller retries on its own schedule
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries, cause) =>
        connected ? Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(retries, 16)) : cause,
    },
  });
  // Every emitter has an 'error' listener: a drop is logged once per state change, not per retry
  let down = false;
  client.on('error', (err: Error) => {
    if (!connected || down) return;
    down = true;
    logger.warn({ role, err: err.message }, 'lost the connection to Redis; retrying');
  });
  client.on('ready', () => {
    if (down) logger.info({ role }, 'reconnected to Redis');
    down = false;
  });
  await client.connect();
  connected = true;
  return client;
}

/** Runs a Lua script by its SHA, loading it on first use or after a Redis restart forgot it. */
export async function runScript(client: Redis, script: { source: string; sha: string }, keys: string[], args: string[]): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await client.sendCommand(['EVALSHA', script.sha, ...tail]);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
    return client.sendCommand(['EVAL', script.source, ...tail]);
  }
}

/** A Lua script with its SHA1, computed once. */
export function luaScript(source: string): { source: string; sha: string } {
  return { source, sha: sha1(source) };
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
