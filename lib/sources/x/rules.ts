// Keeps X's filtered-stream rules in step with the terms being followed: one tagged
// rule per distinct query, changes debounced and kept within X's limits, leftovers
// from an earlier run reconciled at start.
//
// Terms reach here already coalesced over a short window (lib/delivery/follow-debounce.ts),
// which keeps churn from every source. This file still waits for 2 s of quiet (10 s at
// most) because it sends one rules call for all pending changes: X counts every rule
// added or deleted against its change budget, and a call is retried whole on failure.
import type { Clock, TimerHandle } from '../../support/clock.ts';
import { CLIENT_ERRORS } from '../../contract/errors.ts';
import type { Logger } from '../../support/logger.ts';
import type { Query } from '../../match/query.ts';
import { ChangeBudget } from './budget.ts';
import { XApiError, type RulesApi } from './client.ts';
import { fitsRuleLength, ruleTag } from './rule.ts';
import { TermRules } from './terms.ts';

export const MAX_RULES = 1_000; // rules per app, X's limit
export const MAX_CHANGES = 100; // rule additions plus deletions per window, X's limit
export const CHANGE_WINDOW = 15 * 60_000; // ms
export const SYNC_DEBOUNCE = 2_000; // ms of quiet before changes are sent, so quick switches cost nothing
export const SYNC_MAX_WAIT = 10_000; // ms: constant churn still syncs this often
// After a restart, pages reconnect and follow their terms again within seconds;
// keeping their rules meanwhile saves the change budget.
export const RECONCILE_GRACE = 10_000; // ms
export const RETRY_AFTER_FAILURE = 60_000; // ms before a failed rules call is tried again

export interface RuleSyncDeps {
  api: RulesApi;
  clock: Clock;
  logger: Logger;
  /** Removes the token from upstream text before it is logged (scrub.ts). */
  scrub(text: string): string;
  /** Tells the followers of one term something in plain words (an allow-listed sentence). */
  notify(termKey: string, message: string): void;
  /** The token was refused: nothing will work until someone fixes it. */
  onFatal(error: XApiError): void;
}

interface Applied {
  id: string;
  value: string;
}

export class RuleSync {
  readonly #deps: RuleSyncDeps;
  readonly #terms = new TermRules();
  readonly #applied = new Map<string, Applied>(); // our rules on X, by tag
  #strays: string[] = []; // ids of rules on X that are not ours or no longer valid
  readonly #refused = new Set<string>(); // tags X would not create, until nobody wants them
  readonly #told = new Set<string>(); // term keys already told why their term waits or fails
  readonly #budget: ChangeBudget;
  #timer: TimerHandle | null = null;
  #firstRequest: number | null = null;
  #graceUntil = 0; // no sync before this time (ms), so returning pages can re-follow first
  #ready = false; // reconciled with X
  #running = false;
  #busy = false;
  #dirty = false;
  #work: Promise<void> = Promise.resolve(); // the latest reconcile or sync

  constructor(deps: RuleSyncDeps) {
    this.#deps = deps;
    this.#budget = new ChangeBudget(deps.clock, MAX_CHANGES, CHANGE_WINDOW);
  }

  /** Reads the rules X holds, then syncs after a grace period. */
  start(): void {
    this.#running = true;
    this.#work = this.#reconcile();
  }

  stop(): void {
    this.#running = false;
    this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  follow(termKey: string, query: Query): void {
    this.#terms.add(termKey, query);
    this.#request();
  }

  unfollow(termKey: string): void {
    if (!this.#terms.has(termKey)) return;
    const unneeded = this.#terms.remove(termKey);
    if (unneeded) this.#refused.delete(unneeded);
    this.#told.delete(termKey);
    this.#request();
  }

  /** Whether a term is followed here (its rule is on X, or on its way there). */
  follows(termKey: string): boolean {
    return this.#terms.has(termKey);
  }

  /** The term key a matching rule's tag stands for; unknown tags give none. */
  termKeysFor(tag: string): string[] {
    return this.#terms.termKeysFor(tag);
  }

  /** Resolves when the latest reconcile or sync has finished (a sync point for tests). */
  async whenIdle(): Promise<void> {
    let work;
    do {
      work = this.#work;
      await work;
    } while (work !== this.#work);
  }

  /** The rules this app holds on X right now (for tests and diagnostics). */
  get applied(): ReadonlyMap<string, Applied> {
    return this.#applied;
  }

  async #reconcile(): Promise<void> {
    try {
      const rules = await this.#deps.api.list();
      this.#applied.clear();
      this.#strays = [];
      for (const rule of rules) {
        if (rule.tag && rule.tag === ruleTag(rule.value)) this.#applied.set(rule.tag, { id: rule.id, value: rule.value });
        else this.#strays.push(rule.id);
      }
      this.#ready = true;
      this.#deps.logger.info({ kept: this.#applied.size, stray: this.#strays.length }, 'x: read existing stream rules');
      this.#graceUntil = this.#deps.clock.now() + RECONCILE_GRACE;
      this.#schedule(RECONCILE_GRACE);
    } catch (err) {
      this.#failed(err, () => void (this.#work = this.#reconcile()));
    }
  }

  /** A change arrived: sync after a quiet spell, but never later than SYNC_MAX_WAIT after the first. */
  #request(): void {
    if (!this.#running || !this.#ready) return;
    if (this.#busy) {
      this.#dirty = true;
      return;
    }
    const now = this.#deps.clock.now();
    this.#firstRequest ??= now;
    const due = Math.min(SYNC_DEBOUNCE, this.#firstRequest + SYNC_MAX_WAIT - now);
    this.#schedule(Math.max(due, this.#graceUntil - now));
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = this.#deps.clock.setTimeout(() => {
      this.#timer = null;
      this.#work = this.#flush();
    }, Math.max(0, ms));
  }

  async #flush(): Promise<void> {
    this.#firstRequest = null;
    this.#busy = true;
    try {
      await this.#sync();
    } catch (err) {
      this.#failed(err, () => this.#schedule(0));
    } finally {
      this.#busy = false;
      if (this.#dirty) {
        this.#dirty = false;
        this.#request();
      }
    }
  }

  async #sync(): Promise<void> {
    const { api, logger } = this.#deps;
    const wantedTags = new Set(this.#terms.tags().filter((tag) => !this.#refused.has(tag)));

    // Deletions first: a rule nobody follows still delivers posts, and each one is paid for.
    const unwanted = [...this.#applied].filter(([tag]) => !wantedTags.has(tag));
    const deletions = [...this.#strays, ...unwanted.map(([, rule]) => rule.id)].slice(0, this.#budget.available());
    if (deletions.length > 0) {
      await api.remove(deletions);
      this.#budget.spend(deletions.length);
      const gone = new Set(deletions);
      this.#strays = this.#strays.filter((id) => !gone.has(id));
      for (const [tag, rule] of unwanted) if (gone.has(rule.id)) this.#applied.delete(tag);
      logger.info({ deleted: deletions.length }, 'x: deleted stream rules');
    }

    // Then additions, as far as the rule limit and the change budget allow.
    const missing = [...wantedTags].filter((tag) => !this.#applied.has(tag));
    const tooLong = missing.filter((tag) => !fitsRuleLength(this.#terms.valueOf(tag)));
    for (const tag of tooLong) this.#refuse(tag, CLIENT_ERRORS.xTermTooLong);
    const addable = missing.filter((tag) => fitsRuleLength(this.#terms.valueOf(tag)));
    const room = Math.max(0, MAX_RULES - this.#applied.size - this.#strays.length);
    const additions = addable.slice(0, Math.min(room, this.#budget.available()));
    for (const tag of addable.slice(additions.length)) {
      this.#tell(tag, addable.indexOf(tag) >= room ? CLIENT_ERRORS.xRulesFull : CLIENT_ERRORS.xTermQueued);
    }
    if (additions.length > 0) {
      const result = await api.add(additions.map((tag) => ({ value: this.#terms.valueOf(tag), tag })));
      this.#budget.spend(additions.length);
      for (const rule of result.created) if (rule.tag) this.#applied.set(rule.tag, { id: rule.id, value: rule.value });
      for (const { value, reason } of result.refused) {
        logger.warn({ reason: this.#deps.scrub(reason) }, 'x: a stream rule was refused');
        // A duplicate means X holds this rule under another tag: read the rules again.
        if (/duplicate/i.test(reason)) this.#ready = false;
        else this.#refuse(ruleTag(value), CLIENT_ERRORS.xTermRefused);
      }
      logger.info({ added: result.created.length, refused: result.refused.length }, 'x: added stream rules');
    }
    if (!this.#ready) return this.#reconcile();

    // Anything still waiting goes out when the oldest change leaves the window, or at once
    // if changes left it while this sync waited for X: no later follow may be needed to wake it.
    if (this.#hasWork(wantedTags)) this.#schedule(this.#budget.available() > 0 ? 0 : this.#budget.msUntilFree());
  }

  /** Whether a change is still due that the change budget, not the rule limit, holds back. */
  #hasWork(wantedTags: Set<string>): boolean {
    if (this.#strays.length > 0) return true;
    for (const tag of this.#applied.keys()) if (!wantedTags.has(tag)) return true;
    // With no room for a rule, a term can only wait for an unfollow, which asks for a sync itself
    if (this.#applied.size + this.#strays.length >= MAX_RULES) return false;
    for (const tag of wantedTags) if (!this.#applied.has(tag) && !this.#refused.has(tag)) return true;
    return false;
  }

  #refuse(tag: string, message: string): void {
    this.#refused.add(tag);
    this.#tell(tag, message);
  }

  #tell(tag: string, message: string): void {
    for (const termKey of this.termKeysFor(tag)) {
      if (this.#told.has(termKey)) continue;
      this.#told.add(termKey);
      this.#deps.notify(termKey, message);
    }
  }

  #failed(err: unknown, retry: () => void): void {
    const { logger, scrub } = this.#deps;
    if (!(err instanceof XApiError)) logger.error({ error: scrub(err instanceof Error ? `${err.stack}` : String(err)) }, 'x: stream rules sync failed');
    const error = err instanceof XApiError ? err : new XApiError(null, 'unexpected error');
    if (error.status === 401 || error.status === 403) return this.#deps.onFatal(error);
    logger.warn({ status: error.status, title: scrub(error.title) }, 'x: stream rules call failed; will retry');
    if (!this.#running) return;
    this.#deps.clock.clearTimeout(this.#timer);
    this.#timer = this.#deps.clock.setTimeout(() => {
      this.#timer = null;
      retry();
    }, RETRY_AFTER_FAILURE);
  }
}
