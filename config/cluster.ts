// Cluster mode, on when REDIS_URL is set: the settings, and the Redis connections a node
// needs, made once at start; lib/cluster/node.ts puts the node together on them.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from './env.ts';
import { createClusterNode, type Cluster } from '../lib/cluster/node.ts';
import { connectRedis, type Redis } from '../lib/cluster/redis.ts';
import type { StreamSource } from '../lib/sources/source.ts';
import type { Logger } from '../lib/support/logger.ts';

export type { Cluster } from '../lib/cluster/node.ts';

export interface ClusterSettings {
  url: string;
  nodeId: string;
  leaseMs: number;
  heartbeatMs: number;
  streamMaxLength: number;
  prefix?: string; // Redis key prefix; tests give each cluster its own
}

/** NODE_ID, or a name made from the host and the process (with a random part, as pids are reused). */
export function nodeIdFrom(config: Config): string {
  return config.NODE_ID ?? `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

export function clusterSettingsFrom(config: Config, nodeId = nodeIdFrom(config)): ClusterSettings | null {
  if (!config.REDIS_URL) return null;
  return {
    url: config.REDIS_URL,
    nodeId,
    leaseMs: config.CLUSTER_LEASE_MS,
    heartbeatMs: config.CLUSTER_HEARTBEAT_MS,
    streamMaxLength: config.CLUSTER_STREAM_MAXLEN,
  };
}

/** Where a Redis URL points, without any password, for a start-up error line. */
function where(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/** Connects to Redis or throws one line that says so (bin/www.ts prints it and exits 1). */
export async function openCluster(settings: ClusterSettings, createSource: () => StreamSource, logger: Logger): Promise<Cluster> {
  const connections: Redis[] = [];
  try {
    for (const role of ['commands', 'post log reader', 'adapter subscriber']) connections.push(await connectRedis(settings.url, role, logger));
  } catch (err) {
    for (const client of connections) client.destroy();
    throw new Error(`Cannot reach Redis at ${where(settings.url)} (${(err as Error).message || (err as Error).name}). Check REDIS_URL and that Redis is running.`);
  }
  const [main, reader, sub] = connections as [Redis, Redis, Redis];
  return createClusterNode({ ...settings, clients: { main, reader, sub }, createSource, logger });
}
