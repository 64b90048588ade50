// GET /healthz: whether each upstream is live, as JSON, for load balancers and people.
// 200 when every upstream is live, 503 otherwise. It never shows an error's details.
import { Router } from 'express';
import type { StreamStatus } from '../lib/contract/events.ts';

export type HealthCheck = () => readonly StreamStatus[];

export function createHealthRouter(upstreams: HealthCheck): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const list = upstreams().map(({ source, state }) => ({ source, state, live: state === 'live' }));
    const ok = list.every((upstream) => upstream.live);
    res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json({ ok, upstreams: list });
  });
  return router;
}
