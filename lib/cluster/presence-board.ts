// Presence records in Redis: each node writes its own record with a TTL on every
// heartbeat, and anyone reads all the live ones. A node that dies stops writing and its
// record expires, so nothing it counted lingers (no INCR/DECR that drifts when a node dies).
import type { StreamStatus } from '../contract/events.ts';
import type { ClusterKeys } from './keys.ts';
import { luaScript, runScript, type Redis } from './redis.ts';

export const MAX_RECORD_BYTES = 1024 * 1024; // bytes; a larger record is skipped when read

/** What one node tells the others about itself. */
export interface NodePresence {
  id: string;
  leader: boolean; // it holds the upstream connection
  sockets: number; // sockets connected to it
  terms: Record<string, number>; // term key -> its sockets receiving that term (only terms it follows)
  origins: Record<string, number>; // embedding site -> its widget viewers on this node (lib/delivery/embed-viewers.ts)
  status: StreamStatus | null; // the upstream's status, from the leader
  at: number; // ms (the node's clock) when it was written
}

// Reads every live record in one round trip, forgetting ids whose record expired
const READ_ALL = luaScript(`
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local record = redis.call('GET', ARGV[1] .. id)
  if record then table.insert(out, record) else redis.call('SREM', KEYS[1], id) end
end
return out`);

export class PresenceBoard {
  readonly #client: Redis;
  readonly #keys: ClusterKeys;
  readonly #ttlMs: number;

  constructor(client: Redis, keys: ClusterKeys, ttlMs: number) {
    this.#client = client;
    this.#keys = keys;
    this.#ttlMs = ttlMs;
  }

  /** Writes this node's record; it lives for the TTL unless written again. */
  async publish(record: NodePresence): Promise<void> {
    await this.#client
      .multi()
      .set(this.#keys.presence(record.id), JSON.stringify(record), { expiration: { type: 'PX', value: this.#ttlMs } })
      .sAdd(this.#keys.nodes, record.id)
      .exec();
  }

  /** Every node whose record has not expired, in no particular order. */
  async readAll(): Promise<NodePresence[]> {
    const prefix = this.#keys.presence('');
    const raw = (await runScript(this.#client, READ_ALL, [this.#keys.nodes], [prefix])) as string[];
    const records: NodePresence[] = [];
    for (const text of raw) {
      if (text.length > MAX_RECORD_BYTES) continue;
      try {
        const record = JSON.parse(text) as NodePresence;
        if (typeof record?.id === 'string' && typeof record.terms === 'object' && record.terms !== null) records.push(record);
      } catch {
        // a record this version cannot read is not counted
      }
    }
    return records;
  }

  /** Removes this node's record at once (a clean shutdown), rather than waiting for its TTL. */
  async remove(nodeId: string): Promise<void> {
    await this.#client.multi().del(this.#keys.presence(nodeId)).sRem(this.#keys.nodes, nodeId).exec();
  }
}
