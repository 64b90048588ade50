// Remembers the ids pushed in the last 10 minutes, so a client that retries or a feed that
// repeats itself delivers each post once. The interface is async so a shared store (the
// cluster's Redis) can stand in for this process's memory without changing the route.
import { LRUCache } from 'lru-cache';
import type { MonotonicNow } from '../guards/token-bucket.ts';

export const DEDUPE_WINDOW = 10 * 60_000; // ms an id is remembered
export const MAX_REMEMBERED_IDS = 100_000; // ids held at once; past it the oldest is forgotten early
export const MAX_REMEMBERED_CHARS = 4_000_000; // characters of ids held at once (ids are at most 200 each)

export interface Dedupe {
  /** True the first time `id` is seen in the window (and from then on remembers it), false for a repeat. */
  firstSeen(id: string): Promise<boolean>;
  /** Forgets `id`, for a post that was counted as seen but could not be delivered. */
  forget(id: string): Promise<void>;
}

/** This process's memory: bounded by count and size, so a flood of new ids costs old ones, never the heap. */
export function createMemoryDedupe({ now = () => performance.now() }: { now?: MonotonicNow } = {}): Dedupe {
  const seen = new LRUCache<string, true>({
    max: MAX_REMEMBERED_IDS,
    maxSize: MAX_REMEMBERED_CHARS,
    sizeCalculation: (_value, id) => Math.max(1, id.length),
    ttl: DEDUPE_WINDOW,
    ttlResolution: 0, // read the clock on every check, so an id is forgotten exactly when its window ends
    perf: { now },
  });
  return {
    async firstSeen(id) {
      if (seen.has(id)) return false;
      seen.set(id, true);
      return true;
    },
    async forget(id) {
      seen.delete(id);
    },
  };
}
