// The one small interface every upstream implements. The hub talks only to this,
// so a new source touches no socket handler.
import { EventEmitter } from 'node:events';
import type { Post, SourceName, StreamStatus, UpstreamState } from '../contract/events.ts';
import type { Query } from '../match/query.ts';
import { systemClock, type Clock, type TimerHandle } from '../support/clock.ts';

const CONNECTING = 'Connecting to the stream…';

// A flapping upstream could otherwise send every page thousands of `status` events a
// second; people cannot read faster than this anyway.
export const STATUS_INTERVAL = 500; // ms, at least this long between two announced statuses

export interface SourceEvents {
  /** A post; `termKeys` is set when the upstream already knows which terms it matched. */
  post: [post: Post, termKeys?: readonly string[]];
  status: [status: StreamStatus];
  error: [error: Error];
  /** A sentence from CLIENT_ERRORS for the followers of one term, such as why it cannot be followed. */
  notice: [termKey: string, message: string];
}

export interface StreamSource extends EventEmitter<SourceEvents> {
  readonly name: SourceName;
  /** The upstream's health right now. */
  readonly status: StreamStatus;
  start(): void;
  stop(): Promise<void>;
  /**
   * A page at `address` asks for a term nobody follows yet. A source that pays for what
   * it follows may refuse, with a sentence from CLIENT_ERRORS; null admits the term.
   */
  admit(termKey: string, query: Query, address: string): string | null;
  /** A term gained its first follower; sources that filter upstream act on this. */
  follow(termKey: string, query: Query): void;
  /** A term lost its last follower. */
  unfollow(termKey: string): void;
}

export interface BaseSourceOptions {
  /** Status changes closer together than this are coalesced, the latest winning; 0 announces each at once. */
  statusIntervalMs?: number;
  clock?: Clock;
}

/** Status bookkeeping shared by every source: changes and retries are announced, at a readable pace. */
export abstract class BaseSource extends EventEmitter<SourceEvents> implements StreamSource {
  abstract readonly name: SourceName;
  readonly #clock: Clock;
  readonly #statusIntervalMs: number;
  #status: StreamStatus | null = null;
  #statusSince = 0; // when #status was set (ms), to shorten a delayed countdown
  #announced: StreamStatus | null = null; // what the pages heard last
  #announcedAt = -Infinity; // ms
  #announceTimer: TimerHandle | null = null;

  constructor({ statusIntervalMs = 0, clock = systemClock }: BaseSourceOptions = {}) {
    super();
    this.#clock = clock;
    this.#statusIntervalMs = statusIntervalMs;
  }

  /** Until a source says otherwise it is still connecting, so /healthz and pages never claim live too early. */
  get status(): StreamStatus {
    return this.#status ?? { source: this.name, state: 'connecting', message: CONNECTING };
  }

  protected setStatus(state: UpstreamState, message?: string, retryInMs?: number): void {
    const next: StreamStatus = { source: this.name, state };
    if (message !== undefined) next.message = message;
    if (retryInMs !== undefined) next.retryInMs = retryInMs;
    // Every retry is news (the page counts down from it); other repeats are not.
    if (state !== 'reconnecting' && same(this.#status, next)) return;
    this.#status = next;
    this.#statusSince = this.#clock.now();
    this.#announce();
  }

  /** Emits the latest status now, or once the interval since the last one has passed. */
  #announce(): void {
    if (this.#announceTimer) return; // the pending announcement will carry the latest status
    const wait = this.#announcedAt + this.#statusIntervalMs - this.#clock.now();
    if (wait <= 0) return this.#emitLatest();
    this.#announceTimer = this.#clock.setTimeout(() => {
      this.#announceTimer = null;
      this.#emitLatest();
    }, wait);
  }

  #emitLatest(): void {
    const latest = this.#status!;
    const now = this.#clock.now();
    // Back where the pages already are (live, a blip, live again): nothing to tell.
    if (latest.state !== 'reconnecting' && same(this.#announced, latest)) return;
    const status = { ...latest };
    // A countdown that waited to be sent is shorter by that wait.
    if (status.retryInMs !== undefined) status.retryInMs = Math.max(0, status.retryInMs - (now - this.#statusSince));
    this.#announced = latest;
    this.#announcedAt = now;
    this.emit('status', status);
  }

  abstract start(): void;
  abstract stop(): Promise<void>;
  admit(_key: string, _query: Query, _address: string): string | null {
    return null;
  }
  follow(_key: string, _query: Query): void {}
  unfollow(_key: string): void {}
}

function same(a: StreamStatus | null, b: StreamStatus): boolean {
  return a !== null && a.state === b.state && a.message === b.message && a.retryInMs === b.retryInMs;
}
