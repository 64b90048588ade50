// POST /api/posts: the push API. A client with a token from INGEST_TOKENS sends one post,
// a JSON array or NDJSON lines; the posts join the configured source's and are matched
// and delivered like any other. Every answer, errors included, is JSON with a sentence.
import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import { MAX_BODY_BYTES, readBody, type BodyKind } from '../lib/ingest/body.ts';
import type { IngestCounters } from '../lib/ingest/counters.ts';
import type { Ingest } from '../lib/ingest/ingest.ts';
import type { IngestRate } from '../lib/ingest/rate.ts';
import type { TokenCheck } from '../lib/ingest/tokens.ts';
import type { Logger } from '../lib/support/logger.ts';

export interface ApiPostsDeps {
  checkToken: TokenCheck;
  rate: IngestRate;
  ingest: Ingest;
  counters: IngestCounters;
  logger: Logger;
}

export const API_POSTS_ERRORS = {
  unauthorised: 'A valid push token is required: send "Authorization: Bearer <token>".',
  contentType: 'Send posts as application/json (one post or an array) or application/x-ndjson (one post per line).',
  tooLarge: `The body is larger than ${MAX_BODY_BYTES / 1_048_576} MB. Send the posts in smaller bodies.`,
  overBurst: (burst: number) => `This body holds more posts than this token may push at once (${burst}). Send them in smaller bodies.`,
  rateLimited: (seconds: number) => `Too many posts for this token. Try again in ${seconds} s.`,
  encoding: 'The body\'s Content-Encoding is not supported: send it plain, gzip or deflate.',
  unreadable: 'The body could not be read.',
  unavailable: 'The posts could not be delivered just now. Send them again.',
  method: 'Posts are pushed with POST.',
} as const;

const KINDS: Record<string, BodyKind> = { 'application/json': 'json', 'application/x-ndjson': 'ndjson' };

export function createApiPostsRouter({ checkToken, rate, ingest, counters, logger }: ApiPostsDeps): Router {
  const router = Router();

  // Who is pushing: the token is checked before anything is read, and never logged
  router.post('/api/posts', (req, res, next) => {
    const tokenIndex = checkToken(req.get('authorization'));
    if (tokenIndex === null) {
      counters.unauthorised += 1;
      const sent = (req.get('authorization') ?? '').trim() !== '';
      logger.warn({ ip: req.ip, reason: sent ? 'wrong token' : 'no token' }, 'push refused');
      res.set('WWW-Authenticate', 'Bearer');
      return fail(res, 401, API_POSTS_ERRORS.unauthorised);
    }
    res.locals.tokenIndex = tokenIndex;
    const mediaType = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const kind = KINDS[mediaType];
    if (!kind) return fail(res, 415, API_POSTS_ERRORS.contentType);
    res.locals.kind = kind;
    next();
  });

  // What is pushed: at most 1 MB (decompressed, if the client compressed it), read as bytes
  router.post('/api/posts', express.raw({ type: () => true, limit: MAX_BODY_BYTES }), async (req, res) => {
    const tokenIndex = res.locals.tokenIndex as number;
    const body = readBody(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), res.locals.kind as BodyKind);
    if (!body.ok) return fail(res, body.status, body.error);

    // Charged per post, before any is checked, so junk costs as much as posts do
    const charge = rate.charge(tokenIndex, body.items.length);
    if (!charge.ok && 'tooMany' in charge) return fail(res, 413, API_POSTS_ERRORS.overBurst(rate.burst));
    if (!charge.ok) {
      counters.rateLimited += 1;
      res.set('Retry-After', String(charge.retryAfterSeconds));
      return fail(res, 429, API_POSTS_ERRORS.rateLimited(charge.retryAfterSeconds));
    }

    try {
      const result = await ingest(body.items);
      logger.debug({ pusher: tokenIndex, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected.length }, 'posts pushed');
      res.status(202).json(result);
    } catch (err) {
      logger.error({ err, pusher: tokenIndex }, 'pushed posts could not be published');
      fail(res, 503, API_POSTS_ERRORS.unavailable);
    }
  });

  // Any other method gets JSON too, saying which one to use
  router.all('/api/posts', (_req, res) => {
    res.set('Allow', 'POST');
    fail(res, 405, API_POSTS_ERRORS.method);
  });

  // The body reader's errors (too large, aborted, an unknown encoding) as JSON, never the HTML error page
  const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err?.type === 'entity.too.large') return fail(res, 413, API_POSTS_ERRORS.tooLarge);
    if (err?.type === 'encoding.unsupported') return fail(res, 415, API_POSTS_ERRORS.encoding);
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, 'push request failed');
    fail(res, status, API_POSTS_ERRORS.unreadable);
  };
  router.use('/api/posts', bodyErrors);

  return router;
}

function fail(res: Response, status: number, error: string): void {
  res.status(status).set('Cache-Control', 'no-store').json({ error });
}
