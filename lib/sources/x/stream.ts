// The X API v2 filtered stream: one connection per deployment, every followed term a
// tagged rule (rules.ts), posts routed to rooms by their matching rule tags, and
// reconnects on X's published schedule (backoff.ts). What it may cost is bounded: a
// daily post cap (daily-cap.ts), no rules for very common words (common-words.ts) and
// each address's share of the rule budget (shares.ts).
import { systemClock, type Clock, type TimerHandle } from '../../support/clock.ts';
import { CLIENT_ERRORS } from '../../contract/errors.ts';
import type { Post } from '../../contract/events.ts';
import type { Logger } from '../../support/logger.ts';
import type { Query } from '../../match/query.ts';
import { Backoff, classifyStatus, type FailureKind } from './backoff.ts';
import { createRulesApi, type RulesApi, type XApiError } from './client.ts';
import { tooBroadForX } from './common-words.ts';
import { DailyPostCap, DEFAULT_MAX_POSTS_PER_DAY } from './daily-cap.ts';
import { decodeLine, type XStreamError } from './decode.ts';
import { LineDecoder } from './lines.ts';
import { CHANGE_WINDOW, RuleSync } from './rules.ts';
import { scrubError, scrubToken } from './scrub.ts';
import { AddressShares, DEFAULT_SHARES } from './shares.ts';
import { BaseSource, STATUS_INTERVAL } from '../source.ts';

export const STREAM_PATH = '/2/tweets/search/stream';
// What a card needs: the author; the media, quoted and replied-to posts and their authors;
// the full text of long posts (note_tweet); links with their full URLs; the sensitive flag.
export const STREAM_QUERY = [
  'expansions=author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id,in_reply_to_user_id',
  'user.fields=name,username,profile_image_url',
  'tweet.fields=created_at,lang,attachments,entities,referenced_tweets,in_reply_to_user_id,note_tweet,possibly_sensitive',
  'media.fields=url,preview_image_url,alt_text,width,height,type',
].join('&');
// X sends a keep-alive at least every 20 s; a margin keeps a late one from costing a reconnect.
export const STALL_TIMEOUT = 30_000; // ms without a byte
// X says to reconnect at once when an established connection drops. A connection counts
// as established once it has delivered a post, or has carried bytes for this long: one
// that X answers and then closes at once would otherwise be retried in a hot loop.
export const ESTABLISHED_AFTER = 10_000; // ms
export const SEEN_IDS = 10_000; // recent post ids remembered to drop duplicates

const SPENT_FOR_TODAY = 'This server has taken as many posts from X as it may today. The stream resumes after midnight UTC.';

export interface XSourceOptions {
  token: string;
  apiBase: string; // such as https://api.x.com, without a trailing slash
  logger: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  rules?: RulesApi; // defaults to twitter-api-v2 on apiBase
  maxPostsPerDay?: number; // X_MAX_POSTS_PER_DAY
  newTermsPerAddress?: number; // X_NEW_TERMS_PER_ADDRESS
  termsPerAddress?: number; // X_TERMS_PER_ADDRESS
}

// Why the current connection is being ended on purpose, when it is.
type EndReason = 'stall' | 'disconnect' | 'rateLimit' | 'spent' | 'stop';

export class XSource extends BaseSource {
  readonly name = 'x';
  readonly stats = { connects: 0, posts: 0, billed: 0, keepAlives: 0, duplicates: 0, unrouted: 0, junk: 0, oversized: 0 };
  readonly #opts: Required<Omit<XSourceOptions, 'rules'>>;
  readonly #rules: RuleSync;
  readonly #cap: DailyPostCap;
  readonly #shares: AddressShares;
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
    const clock = options.clock ?? systemClock;
    super({ statusIntervalMs: STATUS_INTERVAL, clock });
    this.#opts = {
      clock,
      fetch: globalThis.fetch,
      maxPostsPerDay: DEFAULT_MAX_POSTS_PER_DAY,
      newTermsPerAddress: DEFAULT_SHARES.newTermsPerWindow,
      termsPerAddress: DEFAULT_SHARES.termsHeld,
      ...options,
    };
    const { token, logger } = this.#opts;
    this.#rules = new RuleSync({
      api: rules ?? createRulesApi(token, options.apiBase),
      clock,
      logger,
      scrub: (text) => scrubToken(text, token),
      notify: (termKey, message) => this.emit('notice', termKey, message),
      onFatal: (error) => this.#fatal(error.status),
    });
    this.#cap = new DailyPostCap(clock, this.#opts.maxPostsPerDay);
    this.#shares = new AddressShares(clock, {
      newTermsPerWindow: this.#opts.newTermsPerAddress,
      termsHeld: this.#opts.termsPerAddress,
      windowMs: CHANGE_WINDOW,
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

  /** Refuses terms too broad to pay for, and new terms past the asking address's share. */
  override admit(termKey: string, query: Query, address: string): string | null {
    if (tooBroadForX(query)) return CLIENT_ERRORS.xTermTooBroad;
    if (this.#rules.follows(termKey)) return null; // X holds its rule already: it costs nothing
    return this.#shares.charge(termKey, address, (key) => this.#rules.follows(key));
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
    if (this.#cap.reached) return this.#waitForTomorrow();
    const controller = new AbortController();
    this.#controller = controller;
    this.#endReason = null;
    this.#lines.reset();
    this.stats.connects += 1;
    const { fetch, token, apiBase, logger, clock } = this.#opts;

    this.#armWatchdog(); // a connect that never answers is a stall too
    let response: Response;
    try {
      response = await fetch(`${apiBase}${STREAM_PATH}?${STREAM_QUERY}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
    } catch (err) {
      if (this.#endReason !== 'stop') {
        logger.warn({ reason: this.#endReason ?? 'network error', cause: scrubToken(String(err), token) }, 'x: stream connect failed');
      }
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
    const openedAt = clock.now();
    let carried = false; // any bytes on this connection
    const posts = this.stats.billed;
    const reader = response.body.getReader();
    this.#reader = reader;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.#endReason) break;
        this.#armWatchdog();
        carried = true;
        // A bug in decoding or delivery is ours, not the network's: report it and read on,
        // rather than reconnect at once on the one connection X allows
        try {
          this.#receive(value);
        } catch (err) {
          this.emit('error', scrubError(err, token));
        }
      }
    } catch {
      // the network dropped; #endReason tells a drop from an ending we chose
    }
    this.#reader = null;
    reader.cancel().catch(() => {});
    const established = this.stats.billed > posts || (carried && clock.now() - openedAt >= ESTABLISHED_AFTER);
    if (this.#endReason !== 'stop') logger.warn({ reason: this.#endReason ?? 'dropped', established }, 'x: stream connection ended');
    this.#afterEnd(established);
  }

  #receive(chunk: Uint8Array): void {
    const { lines, oversized } = this.#lines.push(chunk);
    if (oversized > 0) {
      this.stats.oversized += oversized;
      this.#opts.logger.error({ oversized }, 'x: dropped a stream line longer than the limit');
    }
    for (const line of lines) {
      if (line.trim() === '') {
        this.stats.keepAlives += 1;
        continue;
      }
      const message = decodeLine(line, new Date(this.#opts.clock.now()));
      if (message.kind === 'junk') this.stats.junk += 1;
      else if (message.kind === 'errors') this.#streamErrors(message.errors);
      else this.#bill(message.post, message.tags);
    }
  }

  /** X has billed this post: count it against the day's cap, and hang up when the cap is reached. */
  #bill(post: Post, tags: string[]): void {
    this.stats.billed += 1;
    const spent = this.#cap.count();
    this.#deliver(post, tags); // paid for already, so it goes out
    if (spent) this.#end('spent');
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

  /** In-stream `{"errors":[…]}`: log each, scrubbed; a disconnect notice ends the connection. */
  #streamErrors(errors: XStreamError[]): void {
    const scrub = (text: string | undefined) => (text === undefined ? undefined : scrubToken(text, this.#opts.token));
    for (const { title, detail, type, disconnect_type, connection_issue } of errors) {
      const fields = { title, detail, type, disconnect_type, connection_issue };
      this.#opts.logger.warn(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, scrub(v)])), 'x: error message in the stream');
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

  #afterEnd(established: boolean): void {
    this.#opts.clock.clearTimeout(this.#watchdog);
    const reason = this.#endReason;
    if (!this.#running || reason === 'stop') return;
    if (reason === 'spent') return this.#waitForTomorrow();
    if (reason === 'rateLimit') return this.#retry('rateLimit');
    // X: "once an established connection drops, reconnect immediately"; back off only if that fails.
    if (established) {
      this.#backoff.reset();
      this.setStatus('reconnecting');
      return this.#connectNow();
    }
    this.#retry('network');
  }

  /** The day's posts are spent: stay disconnected, say so, and connect again when the UTC day turns. */
  #waitForTomorrow(): void {
    const wait = this.#cap.msUntilTomorrow();
    this.#opts.logger.warn({ used: this.#cap.used, resumeInMs: wait }, 'x: daily post cap reached; disconnected until the next UTC day');
    this.setStatus('error', SPENT_FOR_TODAY);
    this.#opts.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#opts.clock.setTimeout(() => this.#connectNow(), wait);
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
    this.#connect().catch((err: unknown) => this.emit('error', scrubError(err, this.#opts.token)));
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
