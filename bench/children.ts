// Spawning and talking to bench children: each runs `node --import tsx` on a script,
// pinned to a core with `taskset` when it exists, and answers over IPC. Every wait here
// is bounded, so a stuck child fails the bench instead of hanging it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SERVER_CORE = '0';
export const LOAD_CORE = '1';
const REPLY_TIMEOUT = 30_000; // ms for an answer from a child, unless the caller says otherwise

export const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

export interface ChildOptions {
  gc?: boolean; // expose the GC, so memory can be measured after a collection
  env?: Record<string, string>; // added to the parent's environment
  nice?: number; // lower priority: an attacker sharing the load core must not delay the clients measured there
}

/** Starts `script` (a URL relative to bench/, or absolute) with an IPC channel. */
export function child(script: URL, args: string[], core: string, { gc = false, env = {}, nice = 0 }: ChildOptions = {}): ChildProcess {
  const node = [process.execPath, ...(gc ? ['--expose-gc'] : []), '--import', 'tsx', fileURLToPath(script), ...args];
  const niced = nice ? ['nice', '-n', String(nice), ...node] : node;
  const argv = pinned ? ['taskset', '-c', core, ...niced] : niced;
  return spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
}

/** The child's next IPC message of `type`, or a rejection after `timeout` ms or when it exits. */
export function reply<T extends { type: string }>(proc: ChildProcess, type: T['type'], timeout = REPLY_TIMEOUT): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench child gave no ${type} within ${timeout} ms`)), timeout);
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      proc.off('message', onMessage);
      resolve(message);
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`bench child exited (${code}) before ${type}`)));
  });
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The q-quantile of a histogram of whole milliseconds. */
export function percentile(histogram: Map<number, number>, q: number): number {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return Number.NaN;
  let seen = 0;
  for (const ms of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(ms)!;
    if (seen >= q * total) return ms;
  }
  return Number.NaN;
}
