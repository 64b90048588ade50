// Builds the Express app: views, static files and routes. It never listens;
// bin/www.ts does that, so tests can build the app on any port.
import path from 'node:path';
import express, { type Express } from 'express';
import type { SourceName } from './lib/contract/events.ts';
import { compileTrust } from './lib/guards/client-address.ts';
import type { Logger } from './lib/support/logger.ts';
import { securityHeaders } from './config/security-headers.ts';
import type { EmbedOrigins } from './lib/guards/embed-origins.ts';
import { createEmbedRouter } from './routes/embed.ts';
import { createHealthRouter, type EmbedCountsCheck, type FailureCheck, type HealthCheck, type NodeCheck } from './routes/health.ts';
import { createIndexRouter } from './routes/index.ts';
import { createApiPostsRouter, type ApiPostsDeps } from './routes/api-posts.ts';
import { createAdminRouter, type AdminRoutes } from './routes/admin.ts';
import { handleError, notFound } from './routes/errors.ts';

const ROOT = import.meta.dirname;

export interface AppDeps {
  sourceName: SourceName;
  logger: Logger;
  allowedOrigins?: readonly string[]; // page origins that may open the socket (CSP connect-src)
  health?: HealthCheck; // each upstream's status, for GET /healthz
  failure?: FailureCheck; // why the process should be replaced, for GET /healthz
  trustProxy?: readonly string[]; // TRUST_PROXY: proxies whose X-Forwarded-For/-Proto are believed
  push?: ApiPostsDeps; // POST /api/posts, only when INGEST_TOKENS is set (config/push.ts)
  admin?: AdminRoutes; // GET /admin and GET /metrics, behind ADMIN_PASSWORD; absent, both are 404
  embedOrigins?: EmbedOrigins; // other sites that may embed the widget and frame /embed (EMBED_ORIGINS)
  embedViewers?: EmbedCountsCheck; // widget viewers per embedding site, for GET /healthz
  node?: NodeCheck; // this node's id (and, in a cluster, leader and Redis), for GET /healthz
}

export function createApp(deps: AppDeps): Express {
  const { sourceName, logger, allowedOrigins = [], health = () => [], failure, trustProxy = [], push, admin, embedOrigins = [], embedViewers, node } = deps;
  const app = express();
  app.disable('x-powered-by');
  // req.ip and req.protocol believe X-Forwarded-* only from these proxies: the same rule as the socket guards
  app.set('trust proxy', compileTrust(trustProxy));

  // Security headers and the Content-Security-Policy, on every response
  app.use(securityHeaders(sourceName, allowedOrigins, embedOrigins));

  // View engine setup
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');

  // Static files: only what the browser loads (the bundle, stylesheets, local avatars and demo media),
  // never the page's TypeScript sources or its tsconfig beside them in public/
  for (const folder of ['build', 'stylesheets', 'avatars', 'media']) {
    app.use(`/${folder}`, express.static(path.join(ROOT, 'public', folder), { index: false }));
  }

  // Routes
  app.use('/', createIndexRouter({ sourceName }));
  app.use('/', createEmbedRouter({ publicDir: path.join(ROOT, 'public'), allowedOrigins, embedOrigins }));
  app.use('/', createHealthRouter(health, failure, embedViewers, node));
  if (push) app.use('/', createApiPostsRouter(push));
  if (admin) app.use('/', createAdminRouter(admin, { sourceName, root: ROOT }));

  // Everything else is a 404, and errors get a page without details
  app.use(notFound);
  app.use(handleError(logger));

  return app;
}
