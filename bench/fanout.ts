// Fan-out end to end: starts a server child and several load children, pinned to
// different cores when `taskset` exists, and measures one load size in one mode.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromClient, LoadOptions, ToClient } from './load-client.ts';
import type { FromServer, ServerMode, ToServer } from './fanout-server.ts';

export const SOCKETS_PER_PROCESS = 5_000; // well under the 20,000 open files a process may hold
const READY_TIMEOUT = 180_000; // ms for every socket to connect and follow its term
const REPLY_TIMEOUT = 30_000; // ms for any other answer from a child
const DRAIN_EXTRA = 1_000; // ms after the window for the last deliveries to land
const SERVER_CORE = '0';
const LOAD_CORE = '1';

export interface FanoutRun {
  sockets: number;
  terms: number;
  rate: number; // posts per second in
  mode: ServerMode;
  batchMs: number; // 0 for one message per post
  windowMs: number; // measured window
  warmMs: number; // load runs this long before the window opens, so the JIT has settled
  file: string; // replay file from writeReplayFile
  label?: string; // names a variant row
  serverEnv?: Record<string, string>; // for A/B variants, such as turning bufferutil off
}

export interface FanoutRow {
  name: string;
  sockets: number;
  batchMs: number;
  postsPerSec: number;
  deliveriesPerSec: number;
  expected: number;
  received: number;
  lost: number;
  cpuMicrosPerDelivery: number;
  p50: number;
  p95: number;
  p99: number;
  heapPerSocketKB: number;
  rssPerSocketKB: number;
  eldP99Ms: number;
  connectFailures: number;
}

export const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function child(script: string, args: string[], core: string, gc: boolean, env: Record<string, string> = {}): ChildProcess {
  const node = [...(gc ? ['--expose-gc'] : []), '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args];
  const [command, argv] = pinned ? ['taskset', ['-c', core, process.execPath, ...node]] : [process.execPath, node];
  return spawn(command, argv as string[], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } });
}

function reply<T extends { type: string }>(proc: ChildProcess, type: T['type'], timeout = REPLY_TIMEOUT): Promise<T> {
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

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFanout(run: FanoutRun): Promise<FanoutRow> {
  const server = child('./fanout-server.ts', [run.mode, run.file, String(run.rate), String(run.batchMs)], SERVER_CORE, true, run.serverEnv);
  const loads: ChildProcess[] = [];
  try {
    const { port } = await reply<Extract<FromServer, { type: 'ready' }>>(server, 'ready');
    const memory = async () => {
      server.send({ type: 'memory' } satisfies ToServer);
      return reply<Extract<FromServer, { type: 'memory' }>>(server, 'memory');
    };
    const before = await memory();

    for (let first = 0; first < run.sockets; first += SOCKETS_PER_PROCESS) {
      const options: LoadOptions = {
        url: `http://127.0.0.1:${port}`, mode: run.mode, first, count: Math.min(SOCKETS_PER_PROCESS, run.sockets - first),
        terms: run.terms, batchMs: run.batchMs,
      };
      loads.push(child('./load-client.ts', [JSON.stringify(options)], LOAD_CORE, false));
    }
    const ready = await Promise.all(loads.map((load) => reply<Extract<FromClient, { type: 'ready' }>>(load, 'ready', READY_TIMEOUT)));
    const connectFailures = ready.reduce((sum, r) => sum + r.failed, 0);
    const after = await memory();

    await wait(run.warmMs);
    for (const load of loads) load.send({ type: 'record' } satisfies ToClient);
    await wait(100); // the record message lands before the window opens
    server.send({ type: 'measure' } satisfies ToServer);
    await wait(run.windowMs);
    server.send({ type: 'report' } satisfies ToServer);
    const window = await reply<Extract<FromServer, { type: 'report' }>>(server, 'report');
    await wait(run.batchMs + DRAIN_EXTRA);
    for (const load of loads) load.send({ type: 'report', t0: window.t0, t1: window.t1 } satisfies ToClient);
    const reports = await Promise.all(loads.map((load) => reply<Extract<FromClient, { type: 'report' }>>(load, 'report')));

    const histogram = new Map<number, number>();
    let received = 0;
    for (const report of reports) {
      received += report.received;
      for (const [ms, count] of report.latencies) histogram.set(ms, (histogram.get(ms) ?? 0) + count);
    }
    const seconds = (window.t1 - window.t0) / 1000;
    const connected = run.sockets - connectFailures;
    return {
      name: run.label ?? (run.mode === 'bare' ? 'bare Socket.IO' : run.batchMs > 0 ? `app, batched ${run.batchMs} ms` : 'app'),
      sockets: run.sockets,
      batchMs: run.batchMs,
      postsPerSec: window.posts / seconds,
      deliveriesPerSec: received / seconds,
      expected: window.expected,
      received,
      lost: Math.max(0, window.expected - received),
      cpuMicrosPerDelivery: window.cpuMicros / Math.max(1, received),
      p50: percentile(histogram, 0.5),
      p95: percentile(histogram, 0.95),
      p99: percentile(histogram, 0.99),
      heapPerSocketKB: (after.heapUsed - before.heapUsed) / connected / 1024,
      rssPerSocketKB: (after.rss - before.rss) / connected / 1024,
      eldP99Ms: window.eldP99Ms,
      connectFailures,
    };
  } finally {
    for (const load of loads) if (load.connected) load.send({ type: 'close' } satisfies ToClient);
    await wait(200);
    for (const proc of [...loads, server]) if (proc.exitCode === null) proc.kill();
  }
}

function percentile(histogram: Map<number, number>, q: number): number {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return Number.NaN;
  let seen = 0;
  for (const ms of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(ms)!;
    if (seen >= q * total) return ms;
  }
  return Number.NaN;
}
