// "Has any node seen this post id lately?", cluster-wide, for posts pushed to the cluster:
// the same post pushed twice, to one node or to two, goes into the log once.
import type { ClusterKeys } from './keys.ts';
import type { Redis } from './redis.ts';

export const SEEN_WINDOW_MS = 10 * 60_000; // ms an id is remembered: a retry after longer is a new post

/** True the first time `postId` is offered within the window (anywhere in the cluster), false after. */
export async function firstSighting(client: Redis, keys: ClusterKeys, postId: string, windowMs = SEEN_WINDOW_MS): Promise<boolean> {
  const reply: unknown = await client.sendCommand(['SET', keys.seen(postId), '1', 'NX', 'PX', String(windowMs)]);
  return reply === 'OK';
}
