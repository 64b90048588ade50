// The last two handlers: a 404 page for unknown paths and a plain 500 page that
// never shows a stack or an error message to the visitor.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../lib/support/logger.ts';

export const notFound: RequestHandler = (req, res) => {
  res.status(404).render('error', { status: 404, message: 'There is no page at this address.' });
};

export function handleError(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) logger.error({ err, path: req.path }, 'request failed');
    res.status(status).render('error', { status, message: status >= 500 ? 'Something went wrong on our side.' : 'That request could not be handled.' });
  };
}
