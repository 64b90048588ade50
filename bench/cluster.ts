// The cluster row: three nodes on one Redis (bench/cluster-node.ts) with the same sockets,
// split evenly, and the same posts as the one-node `app` row of the fan-out. Reports
// deliveries/s, p99, the nodes' CPU per delivery and Redis's CPU per post (INFO CPU).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { child, LOAD_CORE, percentile, reply, SERVER_CORE, wait } from './children.ts';
import type { FromClient, LoadOptions, ToClient } from './load-client.ts';
import type { FromNode, ToNode } from './cluster-node.ts';

export const NODES = 3;
const READY_TIMEOUT = 180_000; // ms for every socket to connect and follow its term
const START_AHEAD = 50; // ms from the measure message to the window's start

/** Whether redis-server (the Debian package) is installed; without it the row is skipped. */
export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ClusterRun {
  sockets: number;
  terms: number;
  rate: number;
  windowMs: number;
  warmMs: number;
  file: string;
  redisPort: number; // a free port for the redis-server child
}

export interface ClusterRow {
  name: string;
  nodes: number;
  sockets: number;
  postsPerSec: number;
  deliveriesPerSec: number;
  expected: number;
  received: number;
  lost: number;
  cpuMicrosPerDelivery: number; // every node's CPU, summed
  redisMicrosPerPost: number; // redis-server's user+system CPU per post in the window
  p50: number;
  p95: number;
  p99: number;
}

export async function runCluster(run: ClusterRun): Promise<ClusterRow> {
  const redis = spawn('redis-server', ['--port', String(run.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const nodes: ChildProcess[] = [];
  const loads: ChildProcess[] = [];
  try {
    await waitForRedis(run.redisPort);
    const url = `redis://127.0.0.1:${run.redisPort}`;
    for (let n = 1; n <= NODES; n++) {
      nodes.push(child(new URL('./cluster-node.ts', import.meta.url), [url, `bench-${n}`, run.file, String(run.rate), `bench-${process.pid}`], SERVER_CORE));
    }
    const ports = (await Promise.all(nodes.map((node) => reply<Extract<FromNode, { type: 'ready' }>>(node, 'ready')))).map((ready) => ready.port);
    const share = Math.ceil(run.sockets / NODES);
    ports.forEach((port, n) => {
      const options: LoadOptions = { url: `http://127.0.0.1:${port}`, mode: 'app', first: n * share, count: Math.min(share, run.sockets - n * share), terms: run.terms, batchMs: 0 };
      loads.push(child(new URL('./load-client.ts', import.meta.url), [JSON.stringify(options)], LOAD_CORE));
    });
    await Promise.all(loads.map((load) => reply<Extract<FromClient, { type: 'ready' }>>(load, 'ready', READY_TIMEOUT)));

    await wait(run.warmMs);
    for (const load of loads) load.send({ type: 'record' } satisfies ToClient);
    await wait(100);
    const t0 = Date.now() + START_AHEAD;
    for (const node of nodes) node.send({ type: 'measure', t0 } satisfies ToNode);
    await wait(START_AHEAD);
    const cpuBefore = await redisCpuMicros(run.redisPort);
    await wait(run.windowMs);
    const t1 = Date.now();
    const cpuAfter = await redisCpuMicros(run.redisPort);
    for (const node of nodes) node.send({ type: 'report', t1 } satisfies ToNode);
    const reports = await Promise.all(nodes.map((node) => reply<Extract<FromNode, { type: 'report' }>>(node, 'report')));
    for (const load of loads) load.send({ type: 'report', t0, t1 } satisfies ToClient);
    const loaded = await Promise.all(loads.map((load) => reply<Extract<FromClient, { type: 'report' }>>(load, 'report')));

    const histogram = new Map<number, number>();
    let received = 0;
    for (const report of loaded) {
      received += report.received;
      for (const [ms, count] of report.latencies) histogram.set(ms, (histogram.get(ms) ?? 0) + count);
    }
    const posts = Math.max(...reports.map((report) => report.posts));
    const expected = reports.reduce((sum, report) => sum + report.expected, 0);
    const seconds = (t1 - t0) / 1000;
    return {
      name: `cluster: ${NODES} nodes on Redis`,
      nodes: NODES,
      sockets: run.sockets,
      postsPerSec: posts / seconds,
      deliveriesPerSec: received / seconds,
      expected,
      received,
      lost: Math.max(0, expected - received),
      cpuMicrosPerDelivery: reports.reduce((sum, report) => sum + report.cpuMicros, 0) / Math.max(1, received),
      redisMicrosPerPost: (cpuAfter - cpuBefore) / Math.max(1, posts),
      p50: percentile(histogram, 0.5),
      p95: percentile(histogram, 0.95),
      p99: percentile(histogram, 0.99),
    };
  } finally {
    for (const load of loads) if (load.connected) load.send({ type: 'close' } satisfies ToClient);
    await wait(200);
    for (const proc of [...loads, ...nodes, redis]) if (proc.exitCode === null) proc.kill('SIGKILL');
  }
}

/** One command over a raw connection (RESP inline), resolving with the whole reply text. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let text = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('redis-server did not answer')));
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (data) => {
      text += data.toString();
      const header = /^\$(\d+)\r\n/.exec(text);
      if (text.startsWith('+') || (header && text.length >= header[0].length + Number(header[1]))) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.once('error', reject);
  });
}

async function waitForRedis(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await command(port, 'PING').catch(() => '')).startsWith('+PONG')) return;
    await wait(25);
  }
  throw new Error(`redis-server on port ${port} did not start`);
}

/** redis-server's CPU so far (user + system), in µs, from INFO CPU. */
async function redisCpuMicros(port: number): Promise<number> {
  const info = await command(port, 'INFO CPU');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
}
