// GET /healthz: whether each upstream is live, as JSON, for load balancers and people.
// 200 when every upstream is live and the process is sound, 503 otherwise, with a
// `reason` when the process itself is the problem. It never shows an error's details.
import { Router } from 'express';
import type { StreamStatus } from '../lib/contract/events.ts';

export type HealthCheck = () => readonly StreamStatus[];
/** Why the process should be replaced (after an uncaught exception), or null. */
export type FailureCheck = () => string | null;
/** Who answers: the node's id always; in cluster mode whether it leads and whether Redis answers. */
export type NodeCheck = () => { id: string; leader?: boolean; redis?: boolean };

export function createHealthRouter(upstreams: HealthCheck, failure: FailureCheck = () => null, node?: NodeCheck): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const list = upstreams().map(({ source, state }) => ({ source, state, live: state === 'live' }));
    const reason = failure();
    const ok = reason === null && list.every((upstream) => upstream.live);
    const body = { ok, ...node?.(), ...(reason === null ? {} : { reason }), upstreams: list };
    res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
