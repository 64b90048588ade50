// GET / renders the search page, labelled with the live source.
import { Router } from 'express';
import type { SourceName } from '../lib/contract/events.ts';

export const SOURCE_LABELS: Record<SourceName, string> = {
  demo: 'Demo data',
  file: 'Replay file',
  bluesky: 'Bluesky (live)',
  x: 'X (live)',
};

export function createIndexRouter({ sourceName }: { sourceName: SourceName }): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('index', { sourceName, sourceLabel: SOURCE_LABELS[sourceName] });
  });
  return router;
}
