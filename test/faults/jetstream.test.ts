// Fault suite, a Jetstream relay that hurts: a days-long outage, a burst of new authors,
// a firehose nobody follows, and frames stamped in the future. Each row runs the real
// Bluesky source behind the real server, with the fake relay (a local `ws` server) and
// the profile API faked by msw; then a fresh client is still served.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Post, StreamStatus } from '../../lib/contract/events.ts';
import { MAX_CALLS_IN_FLIGHT } from '../../lib/sources/bluesky/profiles.ts';
import { BlueskySource, REWIND_US } from '../../lib/sources/bluesky/stream.ts';
import { API_BASE, fakeBskyApi } from '../helpers/bsky-api.ts';
import { BASE_TIME_US, postFrame, startFakeJetstream, testDid, type FakeConnection, type FakeJetstream, type Frame } from '../helpers/fake-jetstream.ts';
import { request, settle, startServer, stillServes, type TestClient, type TestServer } from '../helpers/server.ts';

const MINUTE_US = 60_000_000;
const DAY_US = 24 * 60 * MINUTE_US;
const PROFILE_DELAY_MS = 40; // each getProfiles call takes this long, so calls overlap as a busy API's do

const api = fakeBskyApi();
beforeAll(() => api.listen());
afterAll(() => api.close());

let relay: FakeJetstream;
afterEach(async () => {
  await relay.close();
  api.reset();
});

/** The real Bluesky source on a clock the test moves, plus the `push(text)` stillServes uses: a post sent through the relay. */
class RelayedBluesky extends BlueskySource {
  nowUs = BASE_TIME_US;
  connection: FakeConnection | null = null;
  #pushed = 0;

  constructor(url: string) {
    super({
      urls: [url],
      profileApi: API_BASE,
      now: () => new Date(this.nowUs / 1_000),
      random: () => 1,
      timing: { batchWindowMs: 5, profileWaitMs: 2_000, backoffBaseMs: 10, backoffMaxMs: 40 },
    });
  }

  push(text: string): void {
    this.#pushed += 1;
    this.connection!.send(postFrame(testDid(900_000 + this.#pushed), `check${this.#pushed}`, text, this.nowUs));
  }
}

interface Rig {
  server: TestServer<RelayedBluesky>;
  source: RelayedBluesky;
  page: TestClient;
  received: Post[];
  statuses: StreamStatus[];
  emitted: Post[]; // every post the source emitted, whoever it reached
}

/** A server on the Bluesky source, a page following `term`, and the relay's first connection. */
async function rig(term: string): Promise<Rig> {
  relay = await startFakeJetstream();
  const source = new RelayedBluesky(relay.url);
  const server = await startServer(source);
  source.connection = await relay.nextConnection();
  const emitted: Post[] = [];
  source.on('post', (post) => emitted.push(post));
  const page = await server.client();
  const received: Post[] = [];
  const statuses: StreamStatus[] = [];
  page.on('tweets', (post) => received.push(post));
  page.on('status', (status) => statuses.push(status));
  expect(await request(page, 'updateTerm', term)).toHaveProperty('data');
  return { server, source, page, received, statuses, emitted };
}

/** The shared check, fed through the relay (stillServes calls only `source.push`). */
async function stillServesBluesky(server: TestServer<RelayedBluesky>): Promise<void> {
  await stillServes(server as unknown as TestServer);
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await settle(10);
}

/** Drops the relay's connection and waits for the source to come back on a new one. */
async function reconnect(source: RelayedBluesky): Promise<FakeConnection> {
  source.connection!.drop();
  source.connection = await relay.nextConnection();
  return source.connection;
}

describe('jetstream faults', () => {
  it('replays at most 10 minutes of a 3-day outage, with few profile calls, and tells the page', async () => {
    api.delayMs = PROFILE_DELAY_MS;
    const { server, source, received, statuses, emitted } = await rig('missed');
    source.connection!.send(postFrame(testDid(0), 'last', 'the last post before the outage', source.nowUs));
    await until(() => emitted.length === 1);

    // The relay kept one matching post a minute (each half-way through it), each by a new author, for the three days
    const start = source.nowUs;
    const gap: Frame[] = Array.from({ length: 3 * 24 * 60 }, (_, n) => postFrame(testDid(n + 1), `gap${n}`, `missed ${n}`, start + (n + 0.5) * MINUTE_US));
    source.nowUs = start + 3 * DAY_US;
    const connection = await reconnect(source);
    connection.replay(gap);
    await until(() => emitted.at(-1)?.text === `missed ${gap.length - 1}`);
    await until(() => received.at(-1)?.text === `missed ${gap.length - 1}`);

    const replayed = emitted.length - 1;
    expect(connection.cursor).toBe(source.nowUs - 10 * MINUTE_US);
    expect(replayed).toBe(10);
    expect(received.map((post) => post.text)).toEqual(gap.slice(-10).map((frame) => (frame.commit as { record: { text: string } }).record.text));
    expect(api.peakInFlight).toBeLessThanOrEqual(MAX_CALLS_IN_FLIGHT);
    expect(statuses.at(-1)).toEqual({
      source: 'bluesky',
      state: 'live',
      message: 'The Bluesky stream was down for 3 days; posts older than 10 minutes were skipped.',
    });
    await stillServesBluesky(server);
  });

  it(`keeps at most ${MAX_CALLS_IN_FLIGHT} profile calls open in a burst of matching posts by new authors, and keeps their order`, async () => {
    api.delayMs = PROFILE_DELAY_MS;
    const { server, source, emitted } = await rig('rsv');
    const burst = Array.from({ length: 3_000 }, (_, n) => postFrame(testDid(n), `b${n}`, `rsv ${n}`, source.nowUs + n));
    for (const frame of burst) source.connection!.send(frame);
    await until(() => emitted.length === burst.length);

    expect(api.peakInFlight).toBeLessThanOrEqual(MAX_CALLS_IN_FLIGHT);
    expect(emitted.map((post) => post.text)).toEqual(burst.map((_, n) => `rsv ${n}`));
    await stillServesBluesky(server);
  });

  it('makes no profile call for a firehose of posts that no page follows', async () => {
    const { server, source, emitted } = await rig('rsv');
    // Authors of their own: calls left over from an earlier row's burst may still be answering
    const authors = Array.from({ length: 2_000 }, (_, n) => testDid(100_000 + n));
    authors.forEach((did, n) => source.connection!.send(postFrame(did, `f${n}`, `nothing to see ${n}`, source.nowUs + n)));
    await until(() => emitted.length === authors.length);
    await settle(30);

    const asked = new Set(api.calls.flat());
    expect(authors.filter((did) => asked.has(did))).toEqual([]);
    await stillServesBluesky(server);
  });

  it('cannot be made to skip ahead by frames stamped far in the future', async () => {
    const { server, source, received, emitted } = await rig('hello');
    const start = source.nowUs;
    source.connection!.send(postFrame(testDid(1), 'a1', 'hello before', start));
    source.connection!.send(postFrame(testDid(2), 'a2', 'hello from next year', start + 365 * DAY_US));
    await until(() => emitted.length === 2);

    source.nowUs = start + MINUTE_US;
    const connection = await reconnect(source);
    expect(connection.cursor).toBe(start - REWIND_US);
    connection.send(postFrame(testDid(3), 'a3', 'hello after the drop', start + 30_000_000));
    await until(() => received.length === 3);
    expect(received.map((post) => post.text)).toEqual(['hello before', 'hello from next year', 'hello after the drop']);
    await stillServesBluesky(server);
  });
});
