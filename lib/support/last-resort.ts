// The last line of defence: an error that escaped every handler is logged and the
// process keeps serving. Every handler, source and timer already contains its own
// errors; reaching here is a bug to fix, but one bug must not take the page away from
// every user at once. Installed only by bin/www.ts.
//
// An uncaught exception may have left state half-changed, so from then on the process
// reports itself unhealthy (GET /healthz says 503) and an orchestrator can replace it
// while it keeps serving the people already on it.
import type { Logger } from './logger.ts';

export const UNCAUGHT_EXCEPTION = 'An error escaped every handler; restart this process.';

export interface LastResort {
  /** Why this process should be replaced, or null while nothing has escaped. Never the error itself. */
  readonly failure: string | null;
}

export function installLastResort(proc: NodeJS.EventEmitter, logger: Logger): LastResort {
  let failure: string | null = null;
  proc.on('uncaughtException', (err) => {
    failure = UNCAUGHT_EXCEPTION;
    logger.error({ err }, 'uncaught exception (contained, still serving)');
  });
  // A promise nobody awaited failed: its own step is lost, but no code was cut off half-way
  proc.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (contained, still serving)'));
  return {
    get failure() {
      return failure;
    },
  };
}
