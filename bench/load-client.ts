// Bench child: holds many socket.io-client sockets, each following one term, and
// records the latency from each post's created_at (stamped at the source's emit) to
// its arrival. Talks to the parent over IPC; every wait is bounded.
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Post, ServerToClientEvents } from '../lib/contract/events.ts';
import type { ServerMode } from './fanout-server.ts';
import { termWord } from './workload.ts';

export interface LoadOptions {
  url: string;
  mode: ServerMode;
  first: number; // global index of this process's first socket
  count: number;
  terms: number;
  batchMs: number; // 0: one `tweets` per post
}

export type ToClient = { type: 'record' } | { type: 'report'; t0: number; t1: number } | { type: 'close' };
export type FromClient =
  | { type: 'ready'; failed: number }
  | { type: 'report'; received: number; overflow: boolean; latencies: Array<[ms: number, count: number]> };

const IN_FLIGHT = 200; // handshakes at once, so the server is not flooded
const MAX_SAMPLES = 8_000_000; // arrivals recorded per process, a bound on memory

const options = JSON.parse(process.argv[2]!) as LoadOptions;
const send = (message: FromClient) => process.send!(message);
const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
const created = new Float64Array(MAX_SAMPLES);
const arrived = new Float64Array(MAX_SAMPLES);
let samples = 0;
let recording = false;

function arrive(post: Post, now: number): void {
  if (!recording || samples >= MAX_SAMPLES) return;
  created[samples] = Date.parse(post.created_at);
  arrived[samples] = now;
  samples += 1;
}

async function open(index: number): Promise<boolean> {
  const term = index % options.terms;
  const auth: Record<string, number> = options.mode === 'bare' ? { term } : {};
  if (options.batchMs > 0) auth.batchMs = options.batchMs;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(options.url, {
    transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000, auth,
  });
  sockets.push(socket);
  socket.on('tweets', (post) => arrive(post, Date.now()));
  socket.on('tweetBatch', (posts) => {
    const now = Date.now();
    for (const post of posts) arrive(post, now);
  });
  const connected = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
  if (!connected || options.mode === 'bare') return connected;
  const ack = await socket.timeout(60_000).emitWithAck('updateTerm', termWord(term)).catch(() => null);
  return ack !== null && 'data' in ack;
}

async function openAll(): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < options.count) {
      const index = options.first + next;
      next += 1;
      if (!(await open(index))) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return failed;
}

process.on('message', (message: ToClient) => {
  if (message.type === 'record') recording = true;
  else if (message.type === 'report') {
    const histogram = new Map<number, number>();
    let received = 0;
    for (let i = 0; i < samples; i += 1) {
      if (created[i]! < message.t0 || created[i]! >= message.t1) continue;
      received += 1;
      const ms = Math.max(0, Math.round(arrived[i]! - created[i]!));
      histogram.set(ms, (histogram.get(ms) ?? 0) + 1);
    }
    send({ type: 'report', received, overflow: samples >= MAX_SAMPLES, latencies: [...histogram] });
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
});

openAll().then(
  (failed) => send({ type: 'ready', failed }),
  () => send({ type: 'ready', failed: options.count }),
);
