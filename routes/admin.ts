// GET /admin (the admin view), GET /admin/token (its socket token), /admin/build/ (the
// files only it loads) and GET /metrics (Prometheus text): mounted only when
// ADMIN_PASSWORD is set, and every one behind HTTP Basic auth, user `admin`. Nothing
// under /admin answers without the password, not even a 404.
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { SourceName } from '../lib/contract/events.ts';
import { basicAuthChecker, CHALLENGE } from '../lib/admin/basic-auth.ts';
import { socketTokens } from '../lib/admin/socket-token.ts';
import { SOURCE_LABELS } from './index.ts';

export interface AdminRoutes {
  password: string; // ADMIN_PASSWORD
  metrics: Registry; // what GET /metrics serves (lib/admin/metrics.ts registers into it)
}

export function createAdminRouter({ password, metrics }: AdminRoutes, { sourceName, root }: { sourceName: SourceName; root: string }): Router {
  const router = Router();
  const authorised = basicAuthChecker(password);
  const tokens = socketTokens(password);

  // The gate: every path under /admin and /metrics, whatever the method or case
  const requireAdmin: RequestHandler = (req, res, next) => {
    res.set('Cache-Control', 'no-store'); // never cached by a proxy or the browser's back button
    if (authorised(req.get('authorization'))) return next();
    res.status(401).set('WWW-Authenticate', CHALLENGE).type('text/plain').send('The admin view needs the admin password.');
  };
  router.use(['/admin', '/metrics'], requireAdmin);

  router.get('/admin', (_req, res) => {
    res.render('admin', { sourceName, sourceLabel: SOURCE_LABELS[sourceName] });
  });
  // The page asks for a fresh token each time its socket (re)connects
  router.get('/admin/token', (_req, res) => {
    res.json({ token: tokens.issue() });
  });
  router.use('/admin/build', express.static(path.join(root, 'public', 'admin-build'), { index: false }));

  router.get('/metrics', async (_req, res, next) => {
    try {
      const text = await metrics.metrics();
      res.type(metrics.contentType).send(text);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
