// The last line of defence: an error that escaped every handler is logged and the
// process keeps serving. Every handler, source and timer already contains its own
// errors; reaching here is a bug to fix, but one bug must not take the page away from
// every user at once. Installed only by bin/www.ts.
import type { Logger } from './logger.ts';

export function installLastResort(proc: NodeJS.EventEmitter, logger: Logger): void {
  proc.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception (contained, still serving)'));
  proc.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection (contained, still serving)'));
}
