// The cluster's post log: a Redis Stream that the leader appends every upstream post to,
// and that every node reads and relays to its own sockets. An entry's id (<ms>-<seq>)
// orders it in the stream and becomes the post's `cursor`. The stream is capped
// (MAXLEN ~), so Redis holds minutes of posts, never an unbounded history.
import type { Post } from '../contract/events.ts';
import { luaScript, runScript, type Redis } from './redis.ts';
import type { ClusterKeys } from './keys.ts';

export const READ_BATCH = 500; // entries taken per read; a backlog drains in steps of this
export const MAX_ENTRY_BYTES = 256 * 1024; // bytes; an entry larger than this is skipped, not parsed

// The leader's write: refused unless the lease still holds this node's token (fencing),
// so a leader that was paused past its TTL cannot write after a new one took over
const APPEND_FENCED = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))`);

export interface LogEntry {
  id: string; // the stream entry id, <ms>-<seq>
  post: Post;
  termKeys?: string[]; // the terms the upstream said the post matched (X), when it said
  position?: string; // where the upstream would resume after this post (Bluesky's time_us), when it has one
}

export class PostLog {
  readonly #client: Redis;
  readonly #key: string;
  readonly #leaseKey: string;
  readonly #maxLength: number;

  constructor(client: Redis, keys: ClusterKeys, maxLength: number) {
    this.#client = client;
    this.#key = keys.posts;
    this.#leaseKey = keys.lease;
    this.#maxLength = maxLength;
  }

  /** The leader appends an upstream post; null when the lease is no longer `token`'s (the write was refused). */
  async appendFenced(token: string, post: Post, termKeys?: readonly string[], position?: string | null): Promise<string | null> {
    const id = await runScript(this.#client, APPEND_FENCED, [this.#leaseKey, this.#key], [token, String(this.#maxLength), ...fields(post, termKeys, position)]);
    return typeof id === 'string' ? id : null;
  }

  /**
   * Any node appends a post pushed to it (not an upstream post, so no lease is needed).
   * Returns the entry id, which is the post's cursor on every node.
   */
  async appendPushed(post: Post, termKeys?: readonly string[]): Promise<string> {
    return (await this.#client.sendCommand(['XADD', this.#key, 'MAXLEN', '~', String(this.#maxLength), '*', ...fields(post, termKeys)])) as string;
  }

  /** The id of the newest entry, or "0-0" when the stream is empty: where a new reader starts. */
  async lastId(): Promise<string> {
    const reply = (await this.#client.sendCommand(['XREVRANGE', this.#key, '+', '-', 'COUNT', '1'])) as RawEntry[];
    return reply[0]?.[0] ?? '0-0';
  }

  /** The newest entries, newest first, at most `count`: what a new leader checks before it resumes. */
  async newest(count: number): Promise<LogEntry[]> {
    const reply = (await this.#client.sendCommand(['XREVRANGE', this.#key, '+', '-', 'COUNT', String(count)])) as RawEntry[];
    return decodeAll(reply);
  }

  /**
   * Entries after `afterId`, oldest first, waiting up to `blockMs` for one to arrive;
   * [] when none came. Call it on a connection of its own: a blocked read holds it.
   */
  async read(afterId: string, blockMs: number, client = this.#client): Promise<LogEntry[]> {
    const reply: unknown = await client.sendCommand(['XREAD', 'COUNT', String(READ_BATCH), 'BLOCK', String(blockMs), 'STREAMS', this.#key, afterId]);
    return decodeAll(entriesOf(reply));
  }
}

/** XREAD's entries for our one stream: the client gives a map of stream name to entries (or, in RESP2 form, pairs). */
function entriesOf(reply: unknown): RawEntry[] {
  if (reply === null || typeof reply !== 'object') return [];
  if (Array.isArray(reply)) return ((reply as [string, RawEntry[]][])[0]?.[1]) ?? [];
  const values = reply instanceof Map ? [...(reply as Map<string, RawEntry[]>).values()] : Object.values(reply as Record<string, RawEntry[]>);
  return values[0] ?? [];
}

type RawEntry = [id: string, fields: string[]];

function fields(post: Post, termKeys?: readonly string[], position?: string | null): string[] {
  const out = ['p', JSON.stringify(post)];
  if (termKeys) out.push('t', JSON.stringify(termKeys));
  if (position != null) out.push('r', position);
  return out;
}

function decodeAll(raw: RawEntry[]): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const [id, list] of raw) {
    const entry = decode(id, list);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** One stream entry as a post, or null when it is not one this version understands (it is skipped). */
export function decode(id: string, list: readonly string[]): LogEntry | null {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < list.length; i += 2) map.set(list[i]!, list[i + 1]!);
  const raw = map.get('p');
  if (raw === undefined || raw.length > MAX_ENTRY_BYTES) return null;
  try {
    const post = JSON.parse(raw) as Post;
    if (typeof post !== 'object' || post === null || typeof post.id !== 'string' || typeof post.text !== 'string') return null;
    const entry: LogEntry = { id, post };
    const terms = map.get('t');
    if (terms !== undefined) {
      const parsed: unknown = JSON.parse(terms);
      if (Array.isArray(parsed) && parsed.every((key) => typeof key === 'string')) entry.termKeys = parsed;
    }
    const position = map.get('r');
    if (position !== undefined) entry.position = position;
    return entry;
  } catch {
    return null;
  }
}
