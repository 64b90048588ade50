// GET /healthz: whether each upstream is live, as JSON, for load balancers and people.
// 200 when every upstream is live and the process is sound, 503 otherwise, with a
// `reason` when the process itself is the problem. It never shows an error's details.
import { Router } from 'express';
import type { StreamStatus } from '../lib/contract/events.ts';
import type { OriginCounts } from '../lib/delivery/embed-viewers.ts';

export type HealthCheck = () => readonly StreamStatus[];
/** Why the process should be replaced (after an uncaught exception), or null. */
export type FailureCheck = () => string | null;
/** Widget viewers per embedding site (lib/delivery/embed-viewers.ts), cluster-wide where the provider is. */
export type EmbedCountsCheck = () => Promise<OriginCounts>;
/** Who answers: the node's id always; in cluster mode whether it leads and whether Redis answers. */
export type NodeCheck = () => { id: string; leader?: boolean; redis?: boolean };

export function createHealthRouter(upstreams: HealthCheck, failure: FailureCheck = () => null, embeds?: EmbedCountsCheck, node?: NodeCheck): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const list = upstreams().map(({ source, state }) => ({ source, state, live: state === 'live' }));
    const reason = failure();
    const ok = reason === null && list.every((upstream) => upstream.live);
    const base = { ok, ...node?.(), ...(reason === null ? {} : { reason }), upstreams: list };
    // Widget viewers per site; null when the count is unknown right now (which is not zero)
    const body = embeds ? { ...base, embeds: await embeds().catch(() => null) } : base;
    res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
