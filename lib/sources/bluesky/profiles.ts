// Looks up Bluesky authors (name, handle, avatar) on the public AppView: batched,
// cached with a bound, a few calls at a time, and never in the way of a post when the
// lookup is slow, down or busy.
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { CallGate, GateFullError } from './call-gate.ts';
import { DEFAULT_AVATAR } from '../post.ts';
import { AVATAR_HOSTS, allowedUrl } from '../../contract/allowed-hosts.ts';

export const MAX_ACTORS_PER_CALL = 25; // getProfiles' documented limit
export const BATCH_WINDOW_MS = 200; // ms to gather authors into one call
export const LOOKUP_TIMEOUT_MS = 5_000; // ms before a getProfiles call is abandoned
export const LOOKUP_COOLDOWN_MS = 10_000; // ms without calls after one fails, so an outage is not hammered
export const MAX_CACHED_PROFILES = 20_000; // authors kept in memory (a few MB)
export const PROFILE_TTL_MS = 30 * 60_000; // ms before a cached profile is looked up again
export const PROFILE_WAIT_MS = 1_000; // ms a post waits for its author before going out with the fallback
export const MAX_WAITING_POSTS = 500; // posts held for their author at once; past this they go at once
export const MAX_CALLS_IN_FLIGHT = 4; // getProfiles calls open at once; a burst waits its turn
export const MAX_CALLS_WAITING = 20; // calls queued behind those (up to 500 authors); past this a call is refused and its posts show the fallback

export interface Author {
  name: string;
  handle: string;
  avatar: string;
}

export interface ProfileOptions {
  apiBase: string; // e.g. https://public.api.bsky.app
  fetch?: typeof fetch;
  now?: () => number; // ms, for the cooldown
  batchWindowMs?: number;
  waitMs?: number; // see PROFILE_WAIT_MS
}

const profileReply = z.object({
  profiles: z.array(
    z.object({
      did: z.string(),
      handle: z.string().max(253),
      displayName: z.string().optional().catch(undefined),
      avatar: z.string().optional().catch(undefined),
    }),
  ),
});

/** What a card shows while a profile is unknown: the DID, shortened, and the default avatar. */
export function fallbackAuthor(did: string): Author {
  return { name: 'Bluesky user', handle: did.length > 16 ? `${did.slice(0, 16)}…` : did, avatar: DEFAULT_AVATAR };
}

export class ProfileDirectory {
  readonly stats = { calls: 0, failures: 0, fallbacks: 0, refused: 0 };
  readonly #api: URL;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #waitMs: number;
  #waiting = 0;
  readonly #cache = new LRUCache<string, Promise<Author | null>>({ max: MAX_CACHED_PROFILES, ttl: PROFILE_TTL_MS });
  readonly #loader: DataLoader<string, Author | null>;
  readonly #gate = new CallGate(MAX_CALLS_IN_FLIGHT, MAX_CALLS_WAITING);
  #quietUntil = 0;

  constructor({ apiBase, fetch: fetcher = globalThis.fetch, now = Date.now, batchWindowMs = BATCH_WINDOW_MS, waitMs = PROFILE_WAIT_MS }: ProfileOptions) {
    this.#api = new URL(`${apiBase.replace(/\/$/, '')}/xrpc/app.bsky.actor.getProfiles`);
    this.#fetch = fetcher;
    this.#now = now;
    this.#waitMs = waitMs;
    // DataLoader gathers every DID asked for within the window into calls of at most 25,
    // and drops a failed or refused call's DIDs from the cache so they are tried again later.
    this.#loader = new DataLoader((dids) => this.#whenFree(dids), {
      maxBatchSize: MAX_ACTORS_PER_CALL,
      batchScheduleFn: (callback) => setTimeout(callback, batchWindowMs),
      cacheMap: this.#cache,
    });
  }

  /** The author to show on a post: the profile if it comes within the wait, else the fallback. Never rejects. */
  async authorFor(did: string): Promise<Author> {
    const lookup = this.lookup(did); // started even when we cannot wait, so the next post finds it cached
    let author: Author | null = null;
    if (this.#waiting < MAX_WAITING_POSTS) {
      this.#waiting += 1;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<null>((resolve) => (timer = setTimeout(resolve, this.#waitMs, null)));
      author = await Promise.race([lookup, deadline]);
      clearTimeout(timer);
      this.#waiting -= 1;
    }
    if (author) return author;
    this.stats.fallbacks += 1;
    return fallbackAuthor(did);
  }

  /** The author behind a DID, or null when the lookup failed or the account has no profile. */
  async lookup(did: string): Promise<Author | null> {
    try {
      return await this.#loader.load(did);
    } catch {
      return null;
    }
  }

  /** An identity event: the handle changed, so refresh it without another call. */
  updateHandle(did: string, handle: string | null): void {
    const cached = this.#cache.get(did);
    this.#loader.clear(did);
    if (!cached || !handle) return;
    this.#loader.prime(did, cached.then((author) => (author ? { ...author, handle } : null)).catch(() => null));
  }

  /** Calls getProfiles when the gate has a turn; a full gate refuses without the cooldown, since the API did nothing wrong. */
  async #whenFree(dids: readonly string[]): Promise<(Author | null)[]> {
    try {
      return await this.#gate.run(() => this.#getProfiles(dids));
    } catch (err) {
      if (err instanceof GateFullError) this.stats.refused += 1;
      throw err;
    }
  }

  async #getProfiles(dids: readonly string[]): Promise<(Author | null)[]> {
    if (this.#now() < this.#quietUntil) throw new Error('profile lookups are cooling down');
    const url = new URL(this.#api);
    for (const did of dids) url.searchParams.append('actors', did);
    this.stats.calls += 1;
    try {
      const response = await this.#fetch(url, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`getProfiles answered ${response.status}`);
      const reply = profileReply.parse(await response.json());
      const found = new Map(reply.profiles.map((p) => [p.did, toAuthor(p)]));
      // A DID missing from the reply (deleted, taken down) is cached as "no profile".
      return dids.map((did) => found.get(did) ?? null);
    } catch (err) {
      this.stats.failures += 1;
      this.#quietUntil = this.#now() + LOOKUP_COOLDOWN_MS;
      throw err;
    }
  }
}

function toAuthor(profile: z.infer<typeof profileReply>['profiles'][number]): Author {
  const name = profile.displayName?.trim() || profile.handle;
  return { name, handle: profile.handle, avatar: safeAvatar(profile.avatar) };
}

function safeAvatar(url: string | undefined): string {
  if (!url) return DEFAULT_AVATAR;
  try {
    return allowedUrl(new URL(url), AVATAR_HOSTS.bluesky) ? url : DEFAULT_AVATAR;
  } catch {
    return DEFAULT_AVATAR;
  }
}
