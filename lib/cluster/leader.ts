// Leadership: the node holding the lease runs the configured upstream source and appends
// every post to the cluster's log, each write fenced by its lease token. It renews the
// lease on a timer; a node that loses it (or cannot renew it for a whole TTL) stops its
// source at once. A new leader resumes where the log left off: a resumable upstream
// (Bluesky) rewinds from the last position in the log and drops the posts already there.
import type { Post, StreamStatus } from '../contract/events.ts';
import { parseTermKey } from '../delivery/rooms.ts';
import type { StreamSource } from '../sources/source.ts';
import type { Logger } from '../support/logger.ts';
import type { Lease } from './lease.ts';
import type { PostLog } from './post-log.ts';

export const RESUME_SCAN = 5_000; // newest log entries a new leader checks for its resume point and duplicates

/** An upstream that can say where it is and start again from there (Bluesky's time_us). */
export interface Resumable {
  readonly position: string | null;
  resumeFrom(position: string): void;
}

export function isResumable(source: object): source is Resumable {
  return 'position' in source && typeof (source as Partial<Resumable>).resumeFrom === 'function';
}

export interface LeaderOptions {
  lease: Lease;
  log: PostLog;
  leaseMs: number; // the lease TTL; it is renewed every third of it
  createSource: () => StreamSource; // a fresh upstream for each leadership
  logger: Logger;
  onStatus: (status: StreamStatus) => void; // the upstream's status, for every page
  onNotice: (termKey: string, message: string) => void; // a notice for one term's followers
  onChange: (leading: boolean) => void;
}

export class Leader {
  readonly #opts: LeaderOptions;
  #running = false;
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<void> | null = null;
  #token: string | null = null;
  #source: StreamSource | null = null;
  #renewedAt = 0; // ms of the last successful renewal
  #union = new Set<string>(); // term keys followed anywhere in the cluster
  #following = new Set<string>(); // term keys the running source follows
  #alreadyLogged: Set<string> | null = null; // post ids in the log when this leadership began
  #lost = 0; // posts that could not be written (Redis unreachable)

  constructor(opts: LeaderOptions) {
    this.#opts = opts;
  }

  get leading(): boolean {
    return this.#source !== null;
  }

  /** The running upstream's status, or null when this node does not lead. */
  get status(): StreamStatus | null {
    return this.#source?.status ?? null;
  }

  /** Posts this node read from the upstream but could not write to the log. */
  get lost(): number {
    return this.#lost;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops leading and gives the lease up, so another node takes over without waiting for the TTL. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#ticking;
    await this.#stepDown('shutting down', true);
  }

  /** The cluster's terms changed: the upstream follows exactly their union. */
  follow(union: Set<string>): void {
    this.#union = union;
    this.#reconcile();
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#ticking = this.#tick().finally(() => {
        this.#ticking = null;
        this.#schedule(Math.max(1, Math.floor(this.#opts.leaseMs / 3)));
      });
    }, delayMs);
  }

  async #tick(): Promise<void> {
    const { lease, leaseMs, logger } = this.#opts;
    try {
      if (this.#token) {
        if (await lease.renew(this.#token)) this.#renewedAt = Date.now();
        else await this.#stepDown('another node holds the lease', false);
      } else {
        const token = await lease.acquire();
        if (token) await this.#lead(token);
      }
    } catch (err) {
      if (this.#token && Date.now() - this.#renewedAt >= leaseMs) {
        await this.#stepDown('the lease ran out while Redis was unreachable', false);
      } else if (this.#token) logger.warn({ err: (err as Error).message }, 'cannot renew the lease yet');
    }
  }

  async #lead(token: string): Promise<void> {
    const { log, createSource, logger } = this.#opts;
    const source = createSource();
    // Where the log left off: a resumable upstream rewinds a little before it, and the
    // overlap it then sends again is dropped by post id
    if (isResumable(source)) {
      const newest = await log.newest(RESUME_SCAN);
      const position = newest.find((entry) => entry.position !== undefined)?.position;
      if (position !== undefined) {
        source.resumeFrom(position);
        this.#alreadyLogged = new Set(newest.map((entry) => entry.post.id));
      }
    }
    this.#token = token;
    this.#renewedAt = Date.now();
    this.#source = source;
    source.on('post', (post, termKeys) => this.#append(source, token, post, termKeys));
    source.on('status', (status) => this.#source === source && this.#opts.onStatus(status));
    source.on('notice', (termKey, message) => this.#source === source && this.#opts.onNotice(termKey, message));
    source.on('error', (err) => logger.error({ err, source: source.name }, 'upstream error'));
    this.#reconcile();
    source.start();
    logger.info({ epoch: Number(token.split('#').pop()) }, 'leading the cluster: this node reads the upstream');
    this.#opts.onChange(true);
    this.#opts.onStatus(source.status);
  }

  #append(source: StreamSource, token: string, post: Post, termKeys?: readonly string[]): void {
    if (this.#source !== source) return; // a deposed source's last posts are not ours to write
    if (this.#alreadyLogged?.has(post.id)) return;
    const position = isResumable(source) ? source.position : null;
    this.#opts.log.appendFenced(token, post, termKeys, position).then(
      (id) => {
        if (id === null) void this.#stepDown('a newer leader holds the lease', false);
      },
      (err: Error) => {
        this.#lost += 1;
        if (this.#lost === 1 || this.#lost % 1000 === 0) this.#opts.logger.warn({ err: err.message, lost: this.#lost }, 'cannot write to the post log');
      },
    );
  }

  async #stepDown(reason: string, release: boolean): Promise<void> {
    const source = this.#source;
    const token = this.#token;
    this.#source = null;
    this.#token = null;
    this.#following = new Set();
    this.#alreadyLogged = null;
    if (!source) return;
    this.#opts.logger.warn({ reason }, 'no longer leading: stopping the upstream');
    this.#opts.onChange(false);
    try {
      await source.stop();
    } catch (err) {
      this.#opts.logger.error({ err }, 'upstream did not stop cleanly');
    }
    if (release && token) await this.#opts.lease.release(token).catch(() => undefined);
  }

  #reconcile(): void {
    const source = this.#source;
    if (!source) return;
    for (const termKey of this.#union) {
      if (this.#following.has(termKey)) continue;
      const parsed = parseTermKey(termKey);
      if (!parsed) continue;
      this.#following.add(termKey);
      this.#contain('follow', () => source.follow(termKey, parsed.query));
    }
    for (const termKey of this.#following) {
      if (this.#union.has(termKey)) continue;
      this.#following.delete(termKey);
      this.#contain('unfollow', () => source.unfollow(termKey));
    }
  }

  #contain(step: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#opts.logger.error({ err, step }, 'contained an error');
    }
  }
}
