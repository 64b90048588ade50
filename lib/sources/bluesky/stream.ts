// Live Bluesky posts from Jetstream, free and keyless. One WebSocket per process;
// it resumes from a rewound cursor after any drop (never more than the max rewind back),
// drops the duplicates that causes, and watches for hosts that go quiet without closing.
// It keeps its own index of the followed terms so that only a post some page wants
// costs a profile lookup; the hub still does the matching that decides delivery.
import { LRUCache } from 'lru-cache';
import WebSocket, { type RawData } from 'ws';
import type { Post } from '../../contract/events.ts';
import type { Query } from '../../match/query.ts';
import { TermIndex } from '../../match/term-index.ts';
import { ArrivalOrder } from './arrival-order.ts';
import { DEFAULT_MAX_REWIND_MS, ResumeCursor } from './catch-up.ts';
import { fallbackAuthor, ProfileDirectory } from './profiles.ts';
import { readFrame, subscribeUrl, toBlueskyPost, type PostEvent } from './frames.ts';
import { BaseSource } from '../source.ts';

export { REWIND_US } from './catch-up.ts';
export const MAX_SEEN_POSTS = 10_000; // post keys remembered to drop replays (minutes of posts)
export const MAX_PAYLOAD_BYTES = 1024 * 1024; // bytes; ws closes the socket above this, a last resort
export const HANDSHAKE_TIMEOUT_MS = 10_000; // ms to open a connection

export interface BlueskyTiming {
  idleTimeoutMs: number; // no frame for this long means the host went silent
  pingIntervalMs: number; // a ping unanswered by the next one means the link is dead
  backoffBaseMs: number; // first reconnect delay, doubled per failed try
  backoffMaxMs: number; // reconnect delay cap
  profileWaitMs: number; // how long a post waits for its author before going out with the fallback
  batchWindowMs: number; // window for batching profile lookups
  maxRewindMs: number; // the furthest back a resume reaches after an outage (JETSTREAM_MAX_REWIND_MINUTES)
}

export const DEFAULT_TIMING: Readonly<BlueskyTiming> = Object.freeze({
  idleTimeoutMs: 20_000,
  pingIntervalMs: 10_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  profileWaitMs: 1_000,
  batchWindowMs: 200,
  maxRewindMs: DEFAULT_MAX_REWIND_MS,
});

export interface BlueskySourceOptions {
  urls: readonly string[]; // wss://…/subscribe, tried in turn
  profileApi: string; // e.g. https://public.api.bsky.app
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number; // for jitter
  timing?: Partial<BlueskyTiming>;
}

const COUNTERS = [
  'frames', 'posts', 'duplicates', 'identities', 'reconnects', // traffic and connection health
  'futureTimes', // frames whose time_us was too far ahead to move the cursor
  'delete', 'update', 'account', 'otherCollection', 'emptyText', // ignored on purpose
  'oversize', 'notJson', 'badShape', // skipped as unusable
] as const;
type Counter = (typeof COUNTERS)[number];
type Counts = Record<Counter, number>;

export class BlueskySource extends BaseSource {
  readonly name = 'bluesky';
  readonly #urls: readonly string[];
  readonly #profiles: ProfileDirectory;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #timing: BlueskyTiming;
  readonly #seen = new LRUCache<string, true>({ max: MAX_SEEN_POSTS });
  readonly #counts = Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counts;
  readonly #terms = new TermIndex(); // followed terms, so only a wanted post costs a profile lookup
  readonly #cursor: ResumeCursor;
  readonly #order = new ArrivalOrder<Post>((post) => this.#running && this.emit('post', post));
  #running = false;
  #ws: WebSocket | null = null;
  #host = 0; // index into #urls
  #failures = 0; // reconnects since posts last flowed
  #flowing = false; // a post arrived on the current connection
  #gapSentence: string | null = null; // told to the pages once posts flow after a resume that skipped part of an outage
  #retryTimer: NodeJS.Timeout | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #pingTimer: NodeJS.Timeout | null = null;

  constructor({ urls, profileApi, fetch, now = () => new Date(), random = Math.random, timing = {} }: BlueskySourceOptions) {
    super();
    if (urls.length === 0) throw new Error('BlueskySource needs at least one Jetstream URL');
    this.#urls = urls;
    this.#now = now;
    this.#random = random;
    this.#timing = { ...DEFAULT_TIMING, ...timing };
    this.#cursor = new ResumeCursor(this.#timing.maxRewindMs);
    const { batchWindowMs, profileWaitMs: waitMs } = this.#timing;
    this.#profiles = new ProfileDirectory({ apiBase: profileApi, fetch, batchWindowMs, waitMs });
  }

  /** Counters for everything received, kept, ignored or skipped, plus where a resume would start and how far back it may go. */
  get stats(): Readonly<Counts & { cursor: number | null; maxRewindMs: number; host: string; profileCalls: number; fallbackAuthors: number; refusedLookups: number }> {
    const { calls: profileCalls, fallbacks: fallbackAuthors, refused: refusedLookups } = this.#profiles.stats;
    const { maxRewindMs } = this.#timing;
    return { ...this.#counts, cursor: this.#cursor.lastUs, maxRewindMs, host: this.#urls[this.#host]!, profileCalls, fallbackAuthors, refusedLookups };
  }

  /** Where a resume would start from (the newest frame's time_us, as text), or null before the first frame. */
  get position(): string | null {
    const lastUs = this.#cursor.lastUs;
    return lastUs === null ? null : String(lastUs);
  }

  /**
   * Before start(): carry on from `position` (another process's, such as a cluster's last
   * leader), rewinding a little before it as after any drop. A value that is not a time is ignored.
   */
  resumeFrom(position: string): void {
    const timeUs = Number(position);
    if (Number.isSafeInteger(timeUs) && timeUs > 0) this.#cursor.note(timeUs, this.#nowUs());
  }

  override follow(termKey: string, query: Query): void {
    this.#terms.add(termKey, query);
  }

  override unfollow(termKey: string): void {
    this.#terms.remove(termKey);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const ws = this.#ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.terminate();
    await closed;
  }

  // Connection: one socket at a time, resuming a little before the last frame processed,
  // but never further back than the max rewind: a long outage is skipped and announced
  #connect(): void {
    const { cursor, skippedUs, downUs } = this.#cursor.resumeAt(this.#nowUs());
    this.#gapSentence = skippedUs > 0 ? this.#cursor.gapSentence(downUs) : null;
    const ws = new WebSocket(subscribeUrl(this.#urls[this.#host]!, cursor), {
      maxPayload: MAX_PAYLOAD_BYTES,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    this.#ws = ws;
    this.#flowing = false;
    let problem = 'the connection closed';
    ws.on('open', () => this.#watch(ws, (reason) => (problem = reason)));
    ws.on('message', (data) => this.#onFrame(data));
    ws.on('error', (err) => (problem = err.message)); // 'close' always follows
    ws.on('close', () => this.#onClose(ws, problem));
  }

  // Watchdog: Jetstream has no heartbeat, and hosts have gone silent without closing
  #watch(ws: WebSocket, blame: (reason: string) => void): void {
    const { idleTimeoutMs, pingIntervalMs } = this.#timing;
    let awaitingPong = false;
    ws.on('pong', () => (awaitingPong = false));
    this.#idleTimer = setTimeout(() => {
      blame(`no frames for ${idleTimeoutMs} ms`);
      ws.terminate();
    }, idleTimeoutMs);
    this.#pingTimer = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return; // closing; ping() would throw, and 'close' is on its way
      if (awaitingPong) {
        blame('no answer to a ping');
        ws.terminate();
        return;
      }
      awaitingPong = true;
      ws.ping();
    }, pingIntervalMs);
  }

  #onClose(ws: WebSocket, problem: string): void {
    if (ws !== this.#ws) return;
    this.#ws = null;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    if (!this.#running) return;

    // Back off with jitter and try the next host; the schedule resets once posts flow
    const host = new URL(this.#urls[this.#host]!).host;
    this.#count('reconnects');
    this.emit('error', new Error(`Jetstream ${host}: ${problem}`));
    this.#failures += 1;
    const ceiling = Math.min(this.#timing.backoffMaxMs, this.#timing.backoffBaseMs * 2 ** (this.#failures - 1));
    const delay = Math.round(ceiling * (0.5 + 0.5 * this.#random()));
    this.#host = (this.#host + 1) % this.#urls.length;
    this.setStatus('reconnecting', 'The Bluesky stream dropped; reconnecting.', delay);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#running) this.#connect();
    }, delay);
  }

  // Frames: classify, count, and turn new posts into cards
  #onFrame(data: RawData): void {
    this.#idleTimer?.refresh();
    this.#count('frames');
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const event = readFrame(bytes.toString('utf8'), bytes.length);
    if (event.type === 'skipped') return this.#count(event.reason);
    if (!this.#cursor.note(event.timeUs, this.#nowUs())) this.#count('futureTimes');
    if (event.type === 'ignored') return this.#count(event.reason);
    if (event.type === 'identity') {
      this.#count('identities');
      return this.#profiles.updateHandle(event.did, event.handle);
    }

    const id = `${event.did}/${event.rkey}`;
    if (this.#seen.has(id)) return this.#count('duplicates');
    this.#seen.set(id, true);
    this.#count('posts');
    if (!this.#flowing) {
      this.#flowing = true;
      this.#failures = 0;
      this.setStatus('live', this.#gapSentence ?? undefined);
    }
    this.#deliver(event);
  }

  // Authors: only a post that matched a followed term waits (briefly) for its author's
  // profile; any other post goes out at once with the fallback, costing no lookup.
  // Every post leaves in arrival order (see ArrivalOrder).
  #deliver(event: PostEvent): void {
    const now = this.#now();
    const post = toBlueskyPost(event, fallbackAuthor(event.did), now);
    if (!post) return;
    if (this.#terms.match(post).length === 0) return this.#order.add(post);
    const withAuthor = this.#profiles.authorFor(event.did).then((author) => toBlueskyPost(event, author, now) ?? post);
    this.#order.addPending(post, withAuthor);
  }

  #nowUs(): number {
    return this.#now().getTime() * 1_000;
  }

  #count(counter: Counter): void {
    this.#counts[counter] += 1;
  }
}
