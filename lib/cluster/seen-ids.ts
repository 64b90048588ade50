// "Has any node seen this post id lately?", cluster-wide, for posts pushed to the cluster:
// the same post pushed twice, to one node or to two, goes into the log once. It is the
// push API's Dedupe (lib/ingest/dedupe.ts) with Redis as its memory instead of the process's.
import type { Dedupe } from '../ingest/dedupe.ts';
import type { ClusterKeys } from './keys.ts';
import type { Redis } from './redis.ts';

export const SEEN_WINDOW_MS = 10 * 60_000; // ms an id is remembered: a retry after longer is a new post

export function clusterDedupe(client: Redis, keys: ClusterKeys, windowMs = SEEN_WINDOW_MS): Dedupe {
  return {
    /** True the first time `id` is offered within the window (anywhere in the cluster), false after. */
    async firstSeen(id) {
      const reply: unknown = await client.sendCommand(['SET', keys.seen(id), '1', 'NX', 'PX', String(windowMs)]);
      return reply === 'OK';
    },
    /** Forgets `id`, for a post that was counted as seen but could not go into the log. */
    async forget(id) {
      await client.sendCommand(['DEL', keys.seen(id)]);
    },
  };
}
