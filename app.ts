// Builds the Express app: views, static files and routes. It never listens;
// bin/www.ts does that, so tests can build the app on any port.
import path from 'node:path';
import express, { type Express } from 'express';
import type { SourceName } from './lib/contract/events.ts';
import type { Logger } from './lib/support/logger.ts';
import { securityHeaders } from './config/security-headers.ts';
import { createHealthRouter, type FailureCheck, type HealthCheck, type NodeCheck } from './routes/health.ts';
import { createIndexRouter } from './routes/index.ts';
import { handleError, notFound } from './routes/errors.ts';

const ROOT = import.meta.dirname;

export interface AppDeps {
  sourceName: SourceName;
  logger: Logger;
  allowedOrigins?: readonly string[]; // page origins that may open the socket (CSP connect-src)
  health?: HealthCheck; // each upstream's status, for GET /healthz
  failure?: FailureCheck; // why the process should be replaced, for GET /healthz
  node?: NodeCheck; // this node's id (and, in a cluster, leader and Redis), for GET /healthz
}

export function createApp({ sourceName, logger, allowedOrigins = [], health = () => [], failure, node }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  // Security headers and the Content-Security-Policy, on every response
  app.use(securityHeaders(sourceName, allowedOrigins));

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
  app.use('/', createHealthRouter(health, failure, node));

  // Everything else is a 404, and errors get a page without details
  app.use(notFound);
  app.use(handleError(logger));

  return app;
}
