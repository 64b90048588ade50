import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_AVATAR } from '../../../../lib/sources/post.ts';
import {
  fallbackAuthor,
  LOOKUP_COOLDOWN_MS,
  MAX_ACTORS_PER_CALL,
  MAX_CALLS_IN_FLIGHT,
  MAX_CALLS_WAITING,
  MAX_WAITING_POSTS,
  ProfileDirectory,
} from '../../../../lib/sources/bluesky/profiles.ts';
import { API_BASE, fakeBskyApi, handleOf } from '../../../helpers/bsky-api.ts';
import { testDid } from '../../../helpers/fake-jetstream.ts';

const api = fakeBskyApi();
beforeAll(() => api.listen());
afterEach(() => api.reset());
afterAll(() => api.close());

function directory(now = () => 0): ProfileDirectory {
  return new ProfileDirectory({ apiBase: API_BASE, now, batchWindowMs: 5 });
}

describe('lookup', () => {
  it('returns the name, handle and avatar from getProfiles', async () => {
    const did = testDid(1);
    expect(await directory().lookup(did)).toEqual({
      name: `Name ${did.slice(-6)}`,
      handle: handleOf(did),
      avatar: `https://cdn.bsky.app/img/avatar/plain/${did}/abc@jpeg`,
    });
  });

  it('batches the authors asked for within the window into calls of at most 25', async () => {
    const profiles = directory();
    const dids = Array.from({ length: 60 }, (_, n) => testDid(n));
    const authors = await Promise.all(dids.map((did) => profiles.lookup(did)));
    expect(api.calls.map((actors) => actors.length)).toEqual([MAX_ACTORS_PER_CALL, MAX_ACTORS_PER_CALL, 10]);
    expect(api.calls.flat()).toEqual(dids);
    expect(authors.map((author) => author?.handle)).toEqual(dids.map(handleOf));
  });

  it('asks once for an author seen twice in one window', async () => {
    const profiles = directory();
    await Promise.all([profiles.lookup(testDid(1)), profiles.lookup(testDid(1)), profiles.lookup(testDid(2))]);
    expect(api.calls).toEqual([[testDid(1), testDid(2)]]);
  });

  it('answers a cached author without another call', async () => {
    const profiles = directory();
    await profiles.lookup(testDid(1));
    expect((await profiles.lookup(testDid(1)))?.handle).toBe(handleOf(testDid(1)));
    expect(api.calls).toHaveLength(1);
  });

  it('returns null for an account the API does not know, and remembers that', async () => {
    const profiles = directory();
    api.unknown.add(testDid(9));
    expect(await profiles.lookup(testDid(9))).toBeNull();
    expect(await profiles.lookup(testDid(9))).toBeNull();
    expect(api.calls).toHaveLength(1);
  });

  it('returns null when the lookup fails, then stays quiet for the cooldown before trying again', async () => {
    let clock = 0;
    const profiles = directory(() => clock);
    api.failWith = 503;
    expect(await profiles.lookup(testDid(1))).toBeNull();
    expect(await profiles.lookup(testDid(2))).toBeNull();
    expect(api.calls).toHaveLength(1);

    api.failWith = null;
    clock += LOOKUP_COOLDOWN_MS;
    expect((await profiles.lookup(testDid(1)))?.handle).toBe(handleOf(testDid(1)));
    expect(api.calls).toHaveLength(2);
    expect(profiles.stats).toMatchObject({ calls: 2, failures: 1 });
  });

  it('shows the default avatar for an avatar that is not on the Bluesky CDN', async () => {
    const profiles = new ProfileDirectory({
      apiBase: API_BASE,
      batchWindowMs: 5,
      fetch: async () =>
        Response.json({ profiles: [{ did: testDid(1), handle: 'a.test', avatar: 'https://evil.example/x.png' }] }),
    });
    expect(await profiles.lookup(testDid(1))).toEqual({ name: 'a.test', handle: 'a.test', avatar: DEFAULT_AVATAR });
  });

  it('treats a reply of the wrong shape as a failure', async () => {
    const profiles = new ProfileDirectory({ apiBase: API_BASE, batchWindowMs: 5, fetch: async () => Response.json({ nope: 1 }) });
    expect(await profiles.lookup(testDid(1))).toBeNull();
    expect(profiles.stats.failures).toBe(1);
  });
});

describe('a burst of authors', () => {
  // 3,000 new authors in one window: 120 calls of 25, as a catch-up after an outage can ask
  const burst = Array.from({ length: 120 * MAX_ACTORS_PER_CALL }, (_, n) => testDid(n));

  it(`keeps at most ${MAX_CALLS_IN_FLIGHT} getProfiles calls open at once`, async () => {
    api.delayMs = 30;
    const profiles = directory();
    await Promise.all(burst.map((did) => profiles.lookup(did)));
    expect(api.peakInFlight).toBe(MAX_CALLS_IN_FLIGHT);
  });

  it('refuses the calls past the waiting bound at once (null, the fallback), without the cooldown', async () => {
    api.delayMs = 30;
    const profiles = directory();
    const authors = await Promise.all(burst.map((did) => profiles.lookup(did)));
    const served = (MAX_CALLS_IN_FLIGHT + MAX_CALLS_WAITING) * MAX_ACTORS_PER_CALL;
    expect(api.calls).toHaveLength(MAX_CALLS_IN_FLIGHT + MAX_CALLS_WAITING);
    expect(authors.filter((author) => author !== null)).toHaveLength(served);
    expect(profiles.stats).toMatchObject({ refused: 120 - MAX_CALLS_IN_FLIGHT - MAX_CALLS_WAITING, failures: 0 });

    // A refused author is not remembered as "no profile": asked again, it is looked up
    const last = burst.at(-1)!;
    expect((await profiles.lookup(last))?.handle).toBe(handleOf(last));
  });
});

describe('authorFor', () => {
  const hang: typeof fetch = () => new Promise(() => {});
  afterEach(() => vi.useRealTimers());

  it('gives the profile when it arrives within the wait', async () => {
    expect((await directory().authorFor(testDid(1))).handle).toBe(handleOf(testDid(1)));
  });

  it('gives the fallback after the wait when the lookup hangs', async () => {
    vi.useFakeTimers();
    const profiles = new ProfileDirectory({ apiBase: API_BASE, fetch: hang, batchWindowMs: 5, waitMs: 1_000 });
    const author = profiles.authorFor(testDid(1));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await author).toEqual(fallbackAuthor(testDid(1)));
    expect(profiles.stats.fallbacks).toBe(1);
  });

  it('gives the fallback at once when too many posts are already waiting', async () => {
    vi.useFakeTimers();
    const profiles = new ProfileDirectory({ apiBase: API_BASE, fetch: hang, batchWindowMs: 5, waitMs: 1_000 });
    for (let n = 0; n < MAX_WAITING_POSTS; n += 1) void profiles.authorFor(testDid(n));
    let extra: unknown = null;
    void profiles.authorFor(testDid(MAX_WAITING_POSTS)).then((author) => (extra = author));
    await vi.advanceTimersByTimeAsync(0);
    expect(extra).toEqual(fallbackAuthor(testDid(MAX_WAITING_POSTS)));
  });
});

describe('updateHandle', () => {
  it('refreshes the handle of a cached author without another call', async () => {
    const profiles = directory();
    await profiles.lookup(testDid(1));
    profiles.updateHandle(testDid(1), 'new-name.example');
    expect(await profiles.lookup(testDid(1))).toMatchObject({ handle: 'new-name.example', name: `Name ${testDid(1).slice(-6)}` });
    expect(api.calls).toHaveLength(1);
  });

  it('does nothing for an author not yet looked up', async () => {
    const profiles = directory();
    profiles.updateHandle(testDid(1), 'new-name.example');
    expect((await profiles.lookup(testDid(1)))?.handle).toBe(handleOf(testDid(1)));
  });
});

describe('fallbackAuthor', () => {
  it('shows a shortened DID and the default avatar', () => {
    expect(fallbackAuthor('did:plc:q235v55g5unth4zjjdpacfdr')).toEqual({
      name: 'Bluesky user',
      handle: 'did:plc:q235v55g…',
      avatar: DEFAULT_AVATAR,
    });
  });
});
