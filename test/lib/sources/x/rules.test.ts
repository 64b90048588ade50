import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../../../lib/contract/errors.ts';
import { silentLogger } from '../../../../lib/support/logger.ts';
import { parseTerm, type Query } from '../../../../lib/match/query.ts';
import { createRulesApi, type XApiError } from '../../../../lib/sources/x/client.ts';
import { ruleTag, toRule } from '../../../../lib/sources/x/rule.ts';
import { CHANGE_WINDOW, MAX_CHANGES, RECONCILE_GRACE, RETRY_AFTER_FAILURE, RuleSync, SYNC_DEBOUNCE, SYNC_MAX_WAIT } from '../../../../lib/sources/x/rules.ts';
import { startFakeX, X_BASE, type FakeX } from '../../../helpers/fake-x.ts';
import { ManualClock } from '../../../helpers/manual-clock.ts';

let fake: FakeX;
afterEach(() => fake?.close());

function query(term: string): Query {
  const parsed = parseTerm(term);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.query;
}

const word = (i: number): Query => ({ alternatives: [[`w${i}`]], mutes: [], lang: null });

/** A rule sync on the fake X, started and reconciled; `seed` rules exist on X beforehand. */
async function setup(seed: Array<{ id: string; value: string; tag?: string }> = []) {
  fake = startFakeX();
  for (const { id, ...rule } of seed) fake.rules.set(id, rule);
  const clock = new ManualClock();
  const notices: Array<[key: string, message: string]> = [];
  const fatal: XApiError[] = [];
  const sync = new RuleSync({
    api: createRulesApi('test-token', X_BASE),
    clock,
    logger: silentLogger(),
    scrub: (text) => text,
    notify: (key, message) => notices.push([key, message]),
    onFatal: (error) => fatal.push(error),
  });
  sync.start();
  await sync.whenIdle();
  expect(clock.delays()).toEqual([RECONCILE_GRACE]);
  const posts = () => fake.ruleCalls.filter((call) => call.method === 'POST');
  /** Moves time on, waits for the sync it triggers, and checks how many updates X has seen. */
  const advance = async (ms: number, expectedPosts: number) => {
    clock.advance(ms);
    await sync.whenIdle();
    expect(posts()).toHaveLength(expectedPosts);
  };
  return { sync, clock, notices, fatal, posts, advance };
}

describe('follow', () => {
  it('sends a burst of follows as one debounced request', async () => {
    const { sync, clock, posts, advance } = await setup();
    await advance(RECONCILE_GRACE, 0);
    sync.follow('a', query('cats'));
    clock.advance(SYNC_DEBOUNCE - 1);
    sync.follow('b', query('red car'));
    clock.advance(SYNC_DEBOUNCE - 1);
    sync.follow('c', query('dogs, birds -bots'));
    expect(posts()).toHaveLength(0);
    await advance(SYNC_DEBOUNCE, 1);
    expect(posts()[0]!.body).toEqual({
      add: ['"cats"', '"red" "car"', '("dogs" OR "birds") -"bots"'].map((value) => ({ value, tag: ruleTag(value) })),
    });
    expect([...fake.rules.values()].map((rule) => rule.value)).toHaveLength(3);
  });

  it('still syncs under constant churn, at most SYNC_MAX_WAIT after the first change', async () => {
    const { sync, clock, posts, advance } = await setup();
    await advance(RECONCILE_GRACE, 0);
    for (let i = 0; i < SYNC_MAX_WAIT / 1_000 - 1; i += 1) {
      sync.follow(`k${i}`, word(i));
      clock.advance(1_000);
    }
    expect(posts()).toHaveLength(0);
    sync.follow('last', word(99));
    await advance(1_000, 1);
  });

  it('costs nothing when a term is followed and dropped within the debounce', async () => {
    const { sync, advance } = await setup();
    await advance(RECONCILE_GRACE, 0);
    sync.follow('a', query('cats'));
    sync.unfollow('a');
    await advance(SYNC_DEBOUNCE, 0);
  });

  it('shares one rule between terms with the same rule, and routes its tag to both', async () => {
    const { sync, posts, advance } = await setup();
    sync.follow('one', query('cats'));
    sync.follow('two', query('cats'));
    await advance(RECONCILE_GRACE, 1);
    expect(posts()[0]!.body!.add).toHaveLength(1);
    expect(sync.termKeysFor(ruleTag('"cats"')).sort()).toEqual(['one', 'two']);
    expect(sync.termKeysFor('stream-search:unknown')).toEqual([]);
  });
});

describe('unfollow', () => {
  it('deletes a rule once nobody follows it', async () => {
    const { sync, posts, advance } = await setup();
    sync.follow('one', query('cats'));
    sync.follow('two', query('cats'));
    await advance(RECONCILE_GRACE, 1);
    const [id] = [...fake.rules.keys()];
    sync.unfollow('one');
    await advance(SYNC_DEBOUNCE, 1); // still followed by "two"
    sync.unfollow('two');
    await advance(SYNC_DEBOUNCE, 2);
    expect(posts()[1]!.body).toEqual({ delete: { ids: [id] } });
    expect(fake.rules.size).toBe(0);
  });
});

describe('start', () => {
  it('keeps the rules still wanted from an earlier run, deletes the rest and adds what is missing', async () => {
    const cats = toRule(query('cats'));
    const dogs = toRule(query('dogs'));
    const { sync, posts, advance } = await setup([
      { id: '1', value: cats, tag: ruleTag(cats) }, // still followed after the restart
      { id: '2', value: dogs, tag: ruleTag(dogs) }, // nobody came back for it
      { id: '3', value: 'something else', tag: 'another-app' }, // not ours, but we pay for its posts
      { id: '4', value: '"tampered"', tag: ruleTag(cats) }, // our tag on a value it does not fit
    ]);
    sync.follow('a', query('cats'));
    sync.follow('b', query('birds'));
    await advance(RECONCILE_GRACE, 2);
    expect(posts().map((call) => call.body)).toEqual([
      { delete: { ids: ['3', '4', '2'] } },
      { add: [{ value: '"birds"', tag: ruleTag('"birds"') }] },
    ]);
    expect([...fake.rules.entries()].map(([id, rule]) => [id, rule.value]).sort()).toEqual([
      ['1', '"cats"'],
      ['1000', '"birds"'],
    ]);
  });

  it('waits out the start-up grace, so pages coming back keep their rules', async () => {
    const cats = toRule(query('cats'));
    const { sync, clock, posts, advance } = await setup([{ id: '1', value: cats, tag: ruleTag(cats) }]);
    clock.advance(1_000);
    sync.follow('b', query('birds'));
    await advance(SYNC_DEBOUNCE, 0); // a follow does not cut the grace short
    sync.follow('a', query('cats')); // the page that had followed cats is back
    await advance(RECONCILE_GRACE - 1_000 - SYNC_DEBOUNCE, 1);
    expect(posts()[0]!.body!.add).toEqual([{ value: '"birds"', tag: ruleTag('"birds"') }]);
    expect(fake.rules.get('1')?.value).toBe(cats);
  });

  it('retries a failed read later instead of giving up', async () => {
    fake = startFakeX();
    fake.rulesStatus = 503;
    const clock = new ManualClock();
    const sync = new RuleSync({ api: createRulesApi('t', X_BASE), clock, logger: silentLogger(), scrub: (text) => text, notify: () => {}, onFatal: () => {} });
    sync.start();
    await sync.whenIdle();
    expect(clock.delays()).toEqual([RETRY_AFTER_FAILURE]);
    fake.rulesStatus = null;
    clock.advance(RETRY_AFTER_FAILURE);
    await sync.whenIdle();
    expect(clock.delays()).toEqual([RECONCILE_GRACE]);
    sync.stop();
  });

  it('stops and reports a refused token (401) without retrying', async () => {
    fake = startFakeX();
    fake.rulesStatus = 401;
    const clock = new ManualClock();
    const fatal: XApiError[] = [];
    const sync = new RuleSync({ api: createRulesApi('t', X_BASE), clock, logger: silentLogger(), scrub: (text) => text, notify: () => {}, onFatal: (e) => fatal.push(e) });
    sync.start();
    await sync.whenIdle();
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.status).toBe(401);
    expect(clock.delays()).toEqual([]);
  });
});

describe('limits', () => {
  it('makes at most 100 rule changes per 15 minutes, queues the rest and tells their followers', async () => {
    const { sync, notices, posts, advance } = await setup();
    const total = MAX_CHANGES + 30;
    for (let i = 0; i < total; i += 1) sync.follow(`k${i}`, word(i));
    await advance(RECONCILE_GRACE, 1);
    expect(posts()[0]!.body!.add).toHaveLength(MAX_CHANGES);
    expect(notices).toHaveLength(30);
    expect(new Set(notices.map(([, message]) => message))).toEqual(new Set([CLIENT_ERRORS.xTermQueued]));
    expect(notices.map(([key]) => key)).toEqual(Array.from({ length: 30 }, (_, i) => `k${MAX_CHANGES + i}`));

    await advance(CHANGE_WINDOW - 1, 1); // the window has not moved on yet
    await advance(1, 2);
    expect(posts()[1]!.body!.add).toHaveLength(30);
    expect(fake.rules.size).toBe(total);
  });

  it('syncs again at once when changes leave the window while a sync waits for X', async () => {
    fake = startFakeX();
    const clock = new ManualClock();
    const real = createRulesApi('test-token', X_BASE);
    let gate: Promise<void> | null = null; // while set, additions wait for it
    const api = { ...real, add: async (rules: Parameters<typeof real.add>[0]) => (await gate, real.add(rules)) };
    const sync = new RuleSync({ api, clock, logger: silentLogger(), scrub: (text) => text, notify: () => {}, onFatal: () => {} });
    const settleAfter = async (ms: number) => {
      clock.advance(ms);
      await sync.whenIdle();
    };
    sync.start();
    await sync.whenIdle();
    sync.follow('a', query('cats'));
    await settleAfter(RECONCILE_GRACE); // one change, at t
    for (let i = 0; i < MAX_CHANGES - 1; i += 1) sync.follow(`k${i}`, word(i));
    await settleAfter(SYNC_DEBOUNCE); // the other 99, at t + 2 s: the budget is spent
    sync.follow('late1', query('late one'));
    sync.follow('late2', query('late two'));
    await settleAfter(SYNC_DEBOUNCE);
    expect(fake.rules.size).toBe(MAX_CHANGES);

    // At t + 15 min the first change leaves the window: room for one, and X is slow to answer
    let answer!: () => void;
    gate = new Promise<void>((resolve) => (answer = resolve));
    clock.advance(CHANGE_WINDOW - 2 * SYNC_DEBOUNCE);
    clock.advance(SYNC_DEBOUNCE); // meanwhile the other 99 leave the window too
    gate = null;
    answer();
    await sync.whenIdle();
    expect(fake.rules.size).toBe(MAX_CHANGES + 1);
    await settleAfter(0); // nothing else has to happen for the last term to go out
    expect(fake.rules.size).toBe(MAX_CHANGES + 2);
    sync.stop();
  });

  it('tells followers when X already holds the 1,000 rules it allows', async () => {
    const seed = Array.from({ length: 995 }, (_, i) => ({ id: `${i + 1}`, value: toRule(word(i)), tag: ruleTag(toRule(word(i))) }));
    const { sync, notices, posts, advance } = await setup(seed);
    for (let i = 0; i < 1_005; i += 1) sync.follow(`k${i}`, word(i));
    await advance(RECONCILE_GRACE, 1);
    expect(posts()[0]!.body!.add).toHaveLength(5);
    expect(notices).toEqual(Array.from({ length: 5 }, (_, i) => [`k${1_000 + i}`, CLIENT_ERRORS.xRulesFull]));
  });

  it('tells followers when a term is too long for one rule, and sends nothing', async () => {
    const { sync, notices, posts, advance } = await setup();
    const long: Query = { alternatives: Array.from({ length: 10 }, (_, a) => Array.from({ length: 10 }, (_, w) => `word${a}x${w}abcdef`)), mutes: [], lang: null };
    sync.follow('long', long);
    await advance(RECONCILE_GRACE, 0);
    expect(notices).toEqual([['long', CLIENT_ERRORS.xTermTooLong]]);
  });

  it('tells followers when X refuses a rule, once', async () => {
    const { sync, notices, advance } = await setup();
    sync.follow('bad', { alternatives: [['REJECT']], mutes: [], lang: null });
    await advance(RECONCILE_GRACE, 1);
    sync.follow('other', query('cats'));
    await advance(SYNC_DEBOUNCE, 2);
    expect(notices).toEqual([['bad', CLIENT_ERRORS.xTermRefused]]);
  });
});
