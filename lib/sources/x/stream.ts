// The X API v2 filtered stream: one connection per deployment, every followed term a
// tagged rule (x-rules.ts), posts routed to rooms by their matching rule tags, and
// reconnects on X's published schedule (x-backoff.ts).
import { systemClock, type Clock, type TimerHandle } from '../../support/clock.ts';
import type { Post } from '../../contract/events.ts';
import type { Logger } from '../../support/logger.ts';
import type { Query } from '../../match/query.ts';
import { Backoff, classifyStatus, type FailureKind } from './backoff.ts';
import { createRulesApi, type RulesApi, type XApiError } from './client.ts';
import { decodeLine, type XStreamError } from './decode.ts';
import { LineDecoder } from './lines.ts';
import { RuleSync } from './rules.ts';
import { BaseSource } from '../source.ts';

export const STREAM_PATH = '/2/tweets/search/stream';
// What a card needs: the author; the media, quoted and replied-to posts and their authors;
// the full text of long posts (note_tweet); links with their full URLs; the sensitive flag.
export const STREAM_QUERY = [
  'expansions=author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id',
  'user.fields=name,username,profile_image_url',
  'tweet.fields=created_at,lang,attachments,entities,referenced_tweets,in_reply_to_user_id,note_tweet,possibly_sensitive',
  'media.fields=url,preview_image_url,alt_text,width,height,type',
].join('&');
export const STALL_TIMEOUT = 20_000; // ms without a byte; X sends a keep-alive at least this often
export const SEEN_IDS = 10_000; // recent post ids remembered to drop duplicates

export interface XSourceOptions {
  token: string;
  apiBase: string; // such as https://api.x.com, without a trailing slash
  logger: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  rules?: RulesApi; // defaults to twitter-api-v2 on apiBase
}

// Why the current connection is being ended on purpose, when it is.
type EndReason = 'stall' | 'disconnect' | 'rateLimit' | 'stop';

export class XSource extends BaseSource {
  readonly name = 'x';
  readonly stats = { connects: 0, posts: 0, keepAlives: 0, duplicates: 0, unrouted: 0, junk: 0, oversized: 0 };
  readonly #opts: Required<Omit<XSourceOptions, 'rules'>>;
  readonly #rules: RuleSync;
  readonly #backoff = new Backoff();
  readonly #lines = new LineDecoder();
  readonly #seen = new Set<string>(); // insertion-ordered, so the oldest id goes first
  #controller: AbortController | null = null;
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #endReason: EndReason | null = null;
  #watchdog: TimerHandle | null = null;
  #retryTimer: TimerHandle | null = null;
  #running = false;

  constructor({ rules, ...options }: XSourceOptions) {
    super();
    this.#opts = { clock: systemClock, fetch: globalThis.fetch, ...options };
    this.#rules = new RuleSync({
      api: rules ?? createRulesApi(options.token, options.apiBase),
      clock: this.#opts.clock,
      logger: options.logger,
      notify: (termKey, message) => this.emit('notice', termKey, message),
      onFatal: (error) => this.#fatal(error.status),
    });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#rules.start();
    this.#connectNow();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#rules.stop();
    this.#opts.clock.clearTimeout(this.#retryTimer);
    this.#end('stop');
  }

  override follow(termKey: string, query: Query): void {
    this.#rules.follow(termKey, query);
  }

  override unfollow(termKey: string): void {
    this.#rules.unfollow(termKey);
  }

  /** The rule sync, for tests and diagnostics. */
  get rules(): RuleSync {
    return this.#rules;
  }

  async #connect(): Promise<void> {
    if (!this.#running) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#endReason = null;
    this.#lines.reset();
    this.stats.connects += 1;
    const { fetch, token, apiBase, logger } = this.#opts;

    this.#armWatchdog(); // a connect that never answers is a stall too
    let response: Response;
    try {
      response = await fetch(`${apiBase}${STREAM_PATH}?${STREAM_QUERY}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
    } catch {
      if (this.#endReason !== 'stop') logger.warn({ reason: this.#endReason ?? 'network error' }, 'x: stream connect failed');
      return this.#afterEnd(false);
    }
    if (!response.ok || !response.body) {
      this.#opts.clock.clearTimeout(this.#watchdog);
      // Not awaited: a server that never finishes the error body must not stall us.
      response.body?.cancel().catch(() => {});
      const kind = classifyStatus(response.status);
      logger.warn({ status: response.status }, 'x: stream connection refused');
      if (kind === 'fatal') return this.#fatal(response.status);
      return this.#retry(kind);
    }

    logger.info('x: stream connected');
    this.setStatus('live');
    let live = false;
    const reader = response.body.getReader();
    this.#reader = reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.#endReason) break;
        this.#armWatchdog();
        if (!live) this.#backoff.reset(); // bytes flow again: the schedule starts over
        live = true;
        // A bug in decoding or delivery is ours, not the network's: report it and read on,
        // rather than reconnect at once on the one connection X allows
        try {
          this.#receive(value);
        } catch (err) {
          this.emit('error', err as Error);
        }
      }
    } catch {
      // the network dropped; #endReason tells a drop from an ending we chose
    }
    this.#reader = null;
    reader.cancel().catch(() => {});
    if (this.#endReason !== 'stop') logger.warn({ reason: this.#endReason ?? 'dropped', live }, 'x: stream connection ended');
    this.#afterEnd(live);
  }

  #receive(chunk: Uint8Array): void {
    const { lines, oversized } = this.#lines.push(chunk);
    this.stats.oversized += oversized;
    for (const line of lines) {
      if (line.trim() === '') {
        this.stats.keepAlives += 1;
        continue;
      }
      const message = decodeLine(line, new Date(this.#opts.clock.now()));
      if (message.kind === 'junk') this.stats.junk += 1;
      else if (message.kind === 'errors') this.#streamErrors(message.errors);
      else this.#deliver(message.post, message.tags);
    }
  }

  #deliver(post: Post, tags: string[]): void {
    if (this.#seen.has(post.id)) {
      this.stats.duplicates += 1;
      return;
    }
    this.#seen.add(post.id);
    if (this.#seen.size > SEEN_IDS) this.#seen.delete(this.#seen.values().next().value!);
    const termKeys = [...new Set(tags.flatMap((tag) => this.#rules.termKeysFor(tag)))];
    if (termKeys.length === 0) {
      this.stats.unrouted += 1; // its rule was just deleted, or belongs to nobody now
      return;
    }
    this.stats.posts += 1;
    this.emit('post', post, termKeys);
  }

  /** In-stream `{"errors":[…]}`: log each; a disconnect notice ends the connection. */
  #streamErrors(errors: XStreamError[]): void {
    for (const { title, detail, type, disconnect_type, connection_issue } of errors) {
      this.#opts.logger.warn({ title, detail, type, disconnect_type, connection_issue }, 'x: error message in the stream');
    }
    if (errors.some((e) => /TooManyConnections/i.test(`${e.connection_issue} ${e.title}`))) this.#end('rateLimit');
    else if (errors.some((e) => e.disconnect_type || /disconnect/i.test(`${e.title}`))) this.#end('disconnect');
  }

  #armWatchdog(): void {
    const { clock } = this.#opts;
    clock.clearTimeout(this.#watchdog);
    this.#watchdog = clock.setTimeout(() => {
      this.#opts.logger.warn({ silentMs: STALL_TIMEOUT }, 'x: stream stalled');
      this.#end('stall');
    }, STALL_TIMEOUT);
  }

  /** Ends the current connection on purpose; its reader then decides what follows. */
  #end(reason: EndReason): void {
    this.#opts.clock.clearTimeout(this.#watchdog);
    this.#watchdog = null;
    this.#endReason ??= reason;
    this.#controller?.abort();
    // Cancelling the reader ends a pending read at once, whatever the fetch does with the abort.
    this.#reader?.cancel().catch(() => {});
  }

  #afterEnd(wasLive: boolean): void {
    this.#opts.clock.clearTimeout(this.#watchdog);
    const reason = this.#endReason;
    if (!this.#running || reason === 'stop') return;
    if (reason === 'rateLimit') return this.#retry('rateLimit');
    // X: "once an established connection drops, reconnect immediately"; back off only if that fails.
    if (wasLive) {
      this.setStatus('reconnecting');
      return this.#connectNow();
    }
    this.#retry('network');
  }

  #retry(kind: Exclude<FailureKind, 'fatal'>): void {
    if (!this.#running) return;
    const delay = this.#backoff.next(kind);
    const message = kind === 'rateLimit' ? 'X is limiting connections for now.' : undefined;
    this.#opts.logger.info({ kind, retryInMs: delay }, 'x: reconnecting after a wait');
    this.setStatus('reconnecting', message, delay);
    this.#retryTimer = this.#opts.clock.setTimeout(() => this.#connectNow(), delay);
  }

  /** Starts a connection attempt; anything it throws is reported, never left unhandled. */
  #connectNow(): void {
    this.#connect().catch((err: unknown) => this.emit('error', err as Error));
  }

  /** 401/403: retrying cannot help, so stop and tell every page in plain words. */
  #fatal(status: XApiError['status']): void {
    this.#opts.logger.error({ status }, 'x: access refused; not retrying');
    void this.stop();
    this.setStatus(
      'error',
      status === 403
        ? 'X refused access to the filtered stream (HTTP 403). The X app may lack the needed access.'
        : 'X refused the access token (HTTP 401). The server operator needs to check X_BEARER_TOKEN.',
    );
  }
}
