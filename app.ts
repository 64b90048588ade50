// Builds the Express app: views, static files and routes. It never listens;
// bin/www.ts does that, so tests can build the app on any port.
import path from 'node:path';
import express, { type Express } from 'express';
import type { SourceName } from './lib/events.ts';
import type { Logger } from './lib/logger.ts';
import { createIndexRouter } from './routes/index.ts';
import { handleError, notFound } from './routes/errors.ts';

const ROOT = import.meta.dirname;

export interface AppDeps {
  sourceName: SourceName;
  logger: Logger;
}

export function createApp({ sourceName, logger }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  // View engine setup
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');

  // Static files: the bundled front end, stylesheets and local avatars
  app.use(express.static(path.join(ROOT, 'public'), { index: false }));

  // Routes
  app.use('/', createIndexRouter({ sourceName }));

  // Everything else is a 404, and errors get a page without details
  app.use(notFound);
  app.use(handleError(logger));

  return app;
}
