import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { installLastResort, UNCAUGHT_EXCEPTION } from '../../../lib/support/last-resort.ts';
import { createLogger } from '../../../lib/support/logger.ts';

describe('installLastResort', () => {
  it('logs an uncaught exception and an unhandled rejection instead of exiting', () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));
    const proc = new EventEmitter();
    installLastResort(proc, logger);
    proc.emit('uncaughtException', new Error('bug in a timer'));
    proc.emit('unhandledRejection', new Error('bug in a promise'));
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      'uncaught exception (contained, still serving)',
      'unhandled rejection (contained, still serving)',
    ]);
  });

  it('marks the process as failed after an uncaught exception, with a reason and no details', () => {
    const proc = new EventEmitter();
    const lastResort = installLastResort(proc, createLogger('silent'));
    proc.emit('unhandledRejection', new Error('a lost promise'));
    expect(lastResort.failure).toBeNull();
    proc.emit('uncaughtException', new Error('secret-token-123 in a timer'));
    expect(lastResort.failure).toBe(UNCAUGHT_EXCEPTION);
    expect(lastResort.failure).not.toContain('secret-token-123');
  });
});
