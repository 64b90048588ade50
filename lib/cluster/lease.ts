// The leader lease: one node at a time holds the upstream connection. The lease is a key
// with a TTL holding "<node id>#<epoch>"; the epoch goes up by one on every new leadership,
// so a paused old leader's token no longer matches and its writes are refused (fencing).
import { luaScript, runScript, type Redis } from './redis.ts';
import type { ClusterKeys } from './keys.ts';

// SET NX PX, with the epoch taken inside the same script so a failed attempt spends none
const ACQUIRE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local epoch = redis.call('INCR', KEYS[2])
local token = ARGV[1] .. '#' .. epoch
redis.call('SET', KEYS[1], token, 'NX', 'PX', ARGV[2])
return token`);
// Compare-and-set: only the holder's own token extends it
const RENEW = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`);
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

export class Lease {
  readonly #client: Redis;
  readonly #keys: ClusterKeys;
  readonly #nodeId: string;
  readonly #ttlMs: number;

  constructor(client: Redis, keys: ClusterKeys, nodeId: string, ttlMs: number) {
    this.#client = client;
    this.#keys = keys;
    this.#nodeId = nodeId;
    this.#ttlMs = ttlMs;
  }

  /** Takes the lease if nobody holds it: the token ("<node id>#<epoch>"), or null when another node leads. */
  async acquire(): Promise<string | null> {
    const token = await runScript(this.#client, ACQUIRE, [this.#keys.lease, this.#keys.epoch], [this.#nodeId, String(this.#ttlMs)]);
    return typeof token === 'string' ? token : null;
  }

  /** Extends the lease for another TTL; false when it is no longer ours (it expired, or another node took it). */
  async renew(token: string): Promise<boolean> {
    return (await runScript(this.#client, RENEW, [this.#keys.lease], [token, String(this.#ttlMs)])) === 1;
  }

  /** Gives the lease up at once (a clean shutdown), so another node need not wait for the TTL. */
  async release(token: string): Promise<void> {
    await runScript(this.#client, RELEASE, [this.#keys.lease], [token]);
  }

  /** The current holder's token, or null. */
  async holder(): Promise<string | null> {
    return (await this.#client.get(this.#keys.lease)) as string | null;
  }
}
