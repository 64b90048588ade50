// Fault suite, X (issue 14, row 7): an upstream that answers and hangs up at once, a
// visitor who asks for words that match everything, and a visitor who switches terms
// every few seconds. Each attack, then a fresh page is still served.
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import type { StreamStatus } from '../../lib/contract/events.ts';
import { parseTerm } from '../../lib/match/query.ts';
import { DemoSource } from '../../lib/sources/demo.ts';
import { STATUS_INTERVAL } from '../../lib/sources/source.ts';
import { ruleTag, toRule } from '../../lib/sources/x/rule.ts';
import { RECONCILE_GRACE, SYNC_DEBOUNCE } from '../../lib/sources/x/rules.ts';
import { XSource } from '../../lib/sources/x/stream.ts';
import { startFakeX, X_BASE, xPost, type FakeX } from '../helpers/fake-x.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { request, settle, startServer, stillServes, type TestClient, type TestServer } from '../helpers/server.ts';

let fake: FakeX | undefined;
afterEach(() => {
  fake?.close();
  fake = undefined;
});

/** A real server on an XSource on the fake X, started, reconciled and live. */
async function xServer() {
  // Real time runs far faster than X's clock here, so the per-socket event limit is lifted
  fake = startFakeX();
  const x = fake;
  const clock = new ManualClock();
  const source = new XSource({ token: 'test-token', apiBase: X_BASE, logger: pino({ level: 'silent' }), clock });
  const server = await startServer(source, { limits: { eventBurst: 10_000 } });
  await vi.waitFor(() => expect(x.connections).toHaveLength(1));
  await source.rules.whenIdle();
  clock.advance(RECONCILE_GRACE);
  await source.rules.whenIdle();
  x.connections[0]!.keepAlive();
  await vi.waitFor(() => expect(source.stats.keepAlives).toBe(1));
  const tagOf = (term: string) => {
    const parsed = parseTerm(term);
    if (!parsed.ok) throw new Error(parsed.error);
    return ruleTag(toRule(parsed.value.query));
  };
  const onX = (term: string) => [...x.rules.values()].some((rule) => rule.tag === tagOf(term));
  return { fake: x, clock, source, server, tagOf, onX };
}

/** A page connecting from `address` (any 127.x.y.z reaches the server): each is a visitor of its own. */
function pageFrom(server: TestServer<XSource>, address: string): Promise<TestClient> {
  // engine.io-client hands localAddress on to `ws`; socket.io-client's types leave it out
  return server.client({ localAddress: address } as Parameters<TestServer['client']>[0]);
}

/** A brand-new page (from its own address) can still follow a term on X and receive its post. */
async function stillServesX({ fake, clock, source, server, tagOf }: Awaited<ReturnType<typeof xServer>>, address = '127.0.0.9') {
  const client = await pageFrom(server, address);
  expect(await request(client, 'updateTerm', 'healthcheck')).toEqual({ data: { term: 'healthcheck', lang: null } });
  clock.advance(SYNC_DEBOUNCE);
  await source.rules.whenIdle();
  const got = new Promise<string>((resolve) => client.once('tweets', (post) => resolve(post.text)));
  fake.connections.at(-1)!.message(xPost('990001', 'healthcheck ok', [tagOf('healthcheck')]));
  expect(await got).toBe('healthcheck ok');
  client.disconnect();
}

function statusesOf(client: TestClient): StreamStatus[] {
  const statuses: StreamStatus[] = [];
  client.on('status', (status) => statuses.push(status));
  return statuses;
}

describe('X answers 200 and hangs up at once, over and over', () => {
  const HOT_LOOP = 50; // connects after which the fake stops hanging up, so a hot loop ends

  it('backs off instead of reconnecting in a hot loop, and sends pages at most two statuses a second', async () => {
    const x = await xServer();
    const page = await x.server.client();
    const statuses = statusesOf(page);
    const sentAt: number[] = []; // X's clock when each status went to the pages
    x.source.on('status', () => sentAt.push(x.clock.now()));
    x.fake.onConnect = (connection) => {
      if (x.fake.connections.length > HOT_LOOP) return;
      connection.keepAlive();
      connection.close();
    };
    x.fake.connections[0]!.close(); // an established connection drops: X says come straight back
    await vi.waitFor(() => expect(x.fake.streamRequests).toBeGreaterThanOrEqual(2));
    await settle(200); // plenty of time for a hot loop to run up to HOT_LOOP
    expect(x.fake.streamRequests).toBe(2);

    // A minute of X's clock: the network schedule (250 ms more each try) sets the pace
    const MINUTE = 60_000;
    const STEP = 50; // ms of clock per step; each step lets the connect it started finish
    const before = statuses.length;
    for (let t = 0; t < MINUTE; t += STEP) {
      x.clock.advance(STEP);
      await settle(1);
    }
    const connects = x.fake.streamRequests - 2;
    expect(connects).toBeGreaterThan(5); // it does keep trying…
    expect(connects).toBeLessThanOrEqual(21); // …on the schedule: 250 + 500 + … + 5,250 ms is a minute
    await vi.waitFor(() => expect(statuses.length - before).toBeGreaterThan(0));
    expect(statuses.length - before).toBeLessThanOrEqual(MINUTE / STATUS_INTERVAL);
    const gaps = sentAt.slice(1).map((at, i) => at - sentAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(STATUS_INTERVAL);

    x.fake.onConnect = null; // X recovers
    x.clock.advance(20_000);
    await vi.waitFor(() => expect(x.source.status.state).toBe('live'));
    await stillServesX(x);
  });
});

describe('a term made only of very common or very short words', () => {
  it.each(['the', 'the, a, i, to, and', 'ok'])('is refused for X through the updateTerm ack (%j), and nothing else changes', async (term) => {
    const x = await xServer();
    const client = await x.server.client();
    expect(await request(client, 'updateTerm', 'cats')).toEqual({ data: { term: 'cats', lang: null } });
    expect(await request(client, 'updateTerm', term)).toEqual({ error: CLIENT_ERRORS.xTermTooBroad });
    expect(await request(client, 'stopStream')).toEqual({ data: { paused: true } });
    expect(await request(client, 'startStream')).toEqual({ data: { paused: false } }); // still on cats
    x.clock.advance(SYNC_DEBOUNCE);
    await x.source.rules.whenIdle();
    expect([...x.fake.rules.values()].map((rule) => rule.value)).toEqual(['"cats"']);
    await stillServesX(x);
  });

  it('is still accepted by the demo, which costs nothing per post', async () => {
    const server: TestServer<DemoSource> = await startServer(new DemoSource({ rate: 1, seed: 1 }));
    const client = await server.client();
    expect(await request(client, 'updateTerm', 'the, a, i, to, and')).toEqual({ data: { term: 'the, a, i, to, and', lang: null } });
  });

  it('is still accepted from the stand-in source the other fault rows use', async () => {
    const server = await startServer();
    const client = await server.client();
    expect(await request(client, 'updateTerm', 'the')).toEqual({ data: { term: 'the', lang: null } });
    await stillServes(server);
  });
});

describe('one visitor switching X terms every 4 s', () => {
  it('cannot get round its share by pausing and resuming a term nobody else follows', async () => {
    const x = await xServer();
    const client = await pageFrom(x.server, '127.0.0.4');
    expect(await request(client, 'updateTerm', 'cats')).toHaveProperty('data');
    const resumed: unknown[] = [];
    for (let i = 0; i < 10; i += 1) {
      await request(client, 'stopStream'); // the term's last follower leaves: its rule is due to go
      resumed.push(await request(client, 'startStream')); // and back: the rule is due again
    }
    const refused = resumed.filter((answer) => (answer as { error?: string }).error === CLIENT_ERRORS.xTooManyNewTerms);
    expect(resumed.length - refused.length).toBe(4); // with the first updateTerm, X_NEW_TERMS_PER_ADDRESS
    await stillServesX(x);
  });

  it('uses only its own share of the rule budget: another visitor\'s search starts within seconds', async () => {
    const x = await xServer();
    const churner = await pageFrom(x.server, '127.0.0.2');
    const answers: unknown[] = [];
    const FIVE_MINUTES = 5 * 60_000;
    for (let t = 0, i = 0; t < FIVE_MINUTES; t += 4_000, i += 1) {
      answers.push(await request(churner, 'updateTerm', `churn${i}`));
      x.clock.advance(4_000);
      x.fake.connections.at(-1)!.keepAlive(); // X keeps the stream alive meanwhile
      await x.source.rules.whenIdle();
    }
    // Another visitor, from another address, five minutes in
    const other = await pageFrom(x.server, '127.0.0.3');
    const notices: string[] = [];
    other.on('inputError', (message) => notices.push(message));
    expect(await request(other, 'updateTerm', 'cats')).toEqual({ data: { term: 'cats', lang: null } });
    x.clock.advance(SYNC_DEBOUNCE);
    await x.source.rules.whenIdle();
    expect(notices).toEqual([]); // not "this one will start within 15 minutes"
    expect(x.onX('cats')).toBe(true);
    // The churner was told to slow down after its share
    const refused = answers.filter((answer) => (answer as { error?: string }).error === CLIENT_ERRORS.xTooManyNewTerms);
    expect(answers.length - refused.length).toBe(5); // X_NEW_TERMS_PER_ADDRESS
    await stillServesX(x);
  });
});
