// Live Bluesky posts from Jetstream, free and keyless. One WebSocket per process;
// it resumes from a rewound cursor after any drop, drops the duplicates that causes,
// and watches for hosts that go quiet without closing.
import { LRUCache } from 'lru-cache';
import WebSocket, { type RawData } from 'ws';
import { ProfileDirectory } from './profiles.ts';
import { readFrame, subscribeUrl, toBlueskyPost } from './frames.ts';
import { BaseSource } from '../source.ts';

export const REWIND_US = 5_000_000; // µs replayed on resume, since delivery is not strictly ordered
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
}

export const DEFAULT_TIMING: Readonly<BlueskyTiming> = Object.freeze({
  idleTimeoutMs: 20_000,
  pingIntervalMs: 10_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  profileWaitMs: 1_000,
  batchWindowMs: 200,
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
  #running = false;
  #ws: WebSocket | null = null;
  #host = 0; // index into #urls
  #failures = 0; // reconnects since posts last flowed
  #flowing = false; // a post arrived on the current connection
  #lastTimeUs: number | null = null;
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
    const { batchWindowMs, profileWaitMs: waitMs } = this.#timing;
    this.#profiles = new ProfileDirectory({ apiBase: profileApi, fetch, batchWindowMs, waitMs });
  }

  /** Counters for everything received, kept, ignored or skipped, plus where a resume would start. */
  get stats(): Readonly<Counts & { cursor: number | null; host: string; profileCalls: number; fallbackAuthors: number }> {
    const { calls: profileCalls, fallbacks: fallbackAuthors } = this.#profiles.stats;
    return { ...this.#counts, cursor: this.#lastTimeUs, host: this.#urls[this.#host]!, profileCalls, fallbackAuthors };
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

  // Connection: one socket at a time, resuming a little before the last frame processed
  #connect(): void {
    const cursor = this.#lastTimeUs === null ? null : this.#lastTimeUs - REWIND_US;
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
    this.#lastTimeUs = Math.max(this.#lastTimeUs ?? 0, event.timeUs);
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
      this.setStatus('live');
    }
    this.#profiles
      .authorFor(event.did)
      .then((author) => {
        const post = toBlueskyPost(event, author, this.#now());
        if (post && this.#running) this.emit('post', post);
      })
      .catch((err: Error) => this.emit('error', err));
  }

  #count(counter: Counter): void {
    this.#counts[counter] += 1;
  }
}
