// Every node's source in cluster mode: it reads the cluster's post log (the leader's
// upstream posts and any pushed ones) and hands each post to the hub as a source would,
// with the entry id as its `cursor`. The hub matches it against this node's terms and
// delivers to this node's sockets only. Its status is the leader's upstream status,
// or "reconnecting" while this node cannot reach Redis.
import type { Post, SourceName, StreamStatus, UpstreamState } from '../contract/events.ts';
import type { Query } from '../match/query.ts';
import type { Logger } from '../support/logger.ts';
import { BaseSource } from '../sources/source.ts';
import type { LogEntry, PostLog } from './post-log.ts';
import type { Redis } from './redis.ts';

export const READ_BLOCK_MS = 5_000; // ms a read waits for posts before asking again
export const RETRY_BASE_MS = 100; // first retry after a failed read, doubled per failure
export const RETRY_MAX_MS = 5_000; // retry delay cap
export const PRELOAD_POSTS = 1_000; // entries read back at start, for the `since` replay (its window holds at most this many)
export const REDIS_DOWN = 'Lost the connection to the cluster; reconnecting.';
export const NO_LEADER = 'Waiting for a node to open the stream…';

export interface RelayOptions {
  name: SourceName; // the configured upstream, which the pages name
  log: PostLog;
  reader: Redis; // a connection of its own: a blocked read holds it
  logger: Logger;
  /** This node's say on a new term (the configured source's own admit, run locally). */
  admit?: (termKey: string, query: Query, address: string) => string | null;
  /** The terms this node follows changed. */
  termsChanged?: () => void;
  /**
   * The log's newest entries (oldest first, cursors set), once, before the first live read:
   * a node that starts late can still replay to a page what that page missed elsewhere.
   */
  preload?: (entries: readonly LogEntry[]) => void;
  readBlockMs?: number;
}

export class RelaySource extends BaseSource {
  readonly name: SourceName;
  readonly #opts: RelayOptions;
  readonly #terms = new Map<string, Query>();
  #running = false;
  #lastId: string | null = null; // the last entry relayed; null until the first read
  #redisUp = true;
  #upstream: StreamStatus | null = null;
  #reading: Promise<void> | null = null;
  #wake: (() => void) | null = null; // cuts a retry wait short on stop

  constructor(opts: RelayOptions) {
    super();
    this.name = opts.name;
    this.#opts = opts;
  }

  /** The terms this node's sockets follow (term key -> query). */
  get terms(): ReadonlyMap<string, Query> {
    return this.#terms;
  }

  /** Whether the last read reached Redis. */
  get redisUp(): boolean {
    return this.#redisUp;
  }

  /** The entry id last relayed, or null before the first read. */
  get lastId(): string | null {
    return this.#lastId;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#reading = this.#loop();
  }

  /** Stops reading; the read in flight ends when its connection is closed or its block times out. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
  }

  /** Resolves once the read loop has ended (after stop and the reader's close). */
  async stopped(): Promise<void> {
    await this.#reading;
  }

  override admit(termKey: string, query: Query, address: string): string | null {
    return this.#opts.admit?.(termKey, query, address) ?? null;
  }

  override follow(termKey: string, query: Query): void {
    this.#terms.set(termKey, query);
    this.#opts.termsChanged?.();
  }

  override unfollow(termKey: string): void {
    if (this.#terms.delete(termKey)) this.#opts.termsChanged?.();
  }

  /** The leader's upstream status (null: no node leads right now). */
  upstream(status: StreamStatus | null): void {
    this.#upstream = status;
    this.#showStatus();
  }

  /** A notice from the leader's upstream for the followers of one term. */
  notice(termKey: string, message: string): void {
    this.emit('notice', termKey, message);
  }

  async #loop(): Promise<void> {
    const { log, reader, logger, readBlockMs = READ_BLOCK_MS } = this.#opts;
    let failures = 0;
    while (this.#running) {
      try {
        // A node starts at the log's end: what came before it is for the `since` replay, not live
        this.#lastId ??= await this.#preload();
        const entries = await log.read(this.#lastId, readBlockMs, reader);
        failures = 0;
        this.#setRedisUp(true);
        for (const entry of entries) {
          if (!this.#running) return;
          this.#lastId = entry.id;
          const post: Post = { ...entry.post, cursor: entry.id };
          this.emit('post', post, entry.termKeys);
        }
      } catch (err) {
        if (!this.#running) return;
        if (this.#redisUp) logger.warn({ err: (err as Error).message }, 'cannot read the post log; retrying');
        this.#setRedisUp(false);
        const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.min(failures++, 16));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
      }
    }
  }

  /** Hands the newest entries to `preload` (never to the pages) and returns where live reading starts. */
  async #preload(): Promise<string> {
    const { log, preload } = this.#opts;
    if (!preload) return log.lastId();
    const newest = await log.newest(PRELOAD_POSTS);
    const entries = newest.reverse().map((entry) => ({ ...entry, post: { ...entry.post, cursor: entry.id } }));
    preload(entries);
    return entries.at(-1)?.id ?? '0-0';
  }

  #setRedisUp(up: boolean): void {
    if (up === this.#redisUp) return;
    this.#redisUp = up;
    this.#showStatus();
  }

  // Only a real change is announced: the same status heard twice (from the adapter, then
  // from a heartbeat) is not news, even a "reconnecting" one
  #showStatus(): void {
    const next: [UpstreamState, string | undefined, number | undefined] = !this.#redisUp
      ? ['reconnecting', REDIS_DOWN, undefined]
      : this.#upstream
        ? [this.#upstream.state, this.#upstream.message, this.#upstream.retryInMs]
        : ['connecting', NO_LEADER, undefined];
    const now = this.status;
    if (now.state === next[0] && now.message === next[1] && now.retryInMs === next[2]) return;
    this.setStatus(...next);
  }
}
