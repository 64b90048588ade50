// The one small interface every upstream implements. The hub talks only to this,
// so a new source touches no socket handler.
import { EventEmitter } from 'node:events';
import type { Post, SourceName, StreamStatus, UpstreamState } from '../contract/events.ts';
import type { Query } from '../match/query.ts';

const CONNECTING = 'Connecting to the stream…';

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
  /** A term gained its first follower; sources that filter upstream act on this. */
  follow(termKey: string, query: Query): void;
  /** A term lost its last follower. */
  unfollow(termKey: string): void;
}

/** Status bookkeeping shared by every source: changes and retries are announced. */
export abstract class BaseSource extends EventEmitter<SourceEvents> implements StreamSource {
  abstract readonly name: SourceName;
  #status: StreamStatus | null = null;

  /** Until a source says otherwise it is still connecting, so /healthz and pages never claim live too early. */
  get status(): StreamStatus {
    return this.#status ?? { source: this.name, state: 'connecting', message: CONNECTING };
  }

  protected setStatus(state: UpstreamState, message?: string, retryInMs?: number): void {
    const next: StreamStatus = { source: this.name, state };
    if (message !== undefined) next.message = message;
    if (retryInMs !== undefined) next.retryInMs = retryInMs;
    // Every retry is news (the page counts down from it); other repeats are not.
    const prev = this.#status;
    const repeat = prev && prev.state === next.state && prev.message === next.message && prev.retryInMs === next.retryInMs;
    if (repeat && state !== 'reconnecting') return;
    this.#status = next;
    this.emit('status', next);
  }

  abstract start(): void;
  abstract stop(): Promise<void>;
  follow(_key: string, _query: Query): void {}
  unfollow(_key: string): void {}
}
