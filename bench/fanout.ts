// Fan-out end to end: starts a server child and several load children, pinned to
// different cores when `taskset` exists, and measures one load size in one mode.
import type { ChildProcess } from 'node:child_process';
import { child, LOAD_CORE, percentile, reply, SERVER_CORE, wait } from './children.ts';
import type { FromClient, LoadOptions, ToClient } from './load-client.ts';
import type { FromServer, ServerMode, ToServer } from './fanout-server.ts';

export const SOCKETS_PER_PROCESS = 5_000; // well under the 20,000 open files a process may hold
const READY_TIMEOUT = 180_000; // ms for every socket to connect and follow its term
const DRAIN_EXTRA = 1_000; // ms after the window for the last deliveries to land

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

export async function runFanout(run: FanoutRun): Promise<FanoutRow> {
  const server = child(new URL('./fanout-server.ts', import.meta.url), [run.mode, run.file, String(run.rate), String(run.batchMs)], SERVER_CORE, { gc: true, env: run.serverEnv });
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
      loads.push(child(new URL('./load-client.ts', import.meta.url), [JSON.stringify(options)], LOAD_CORE));
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
