// Bench child: the server under load. `app` is the real app (createApp + attachSocketIO
// with a FileSource at a fixed rate); `bare` is the reference, a plain Socket.IO room
// broadcast of the same posts from the same source. It talks to the parent over IPC.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { createApp } from '../app.ts';
import { DEFAULT_LIMITS } from '../config/env.ts';
import { attachSocketIO } from '../config/socketio.ts';
import { silentLogger } from '../lib/support/logger.ts';
import { FileSource } from '../lib/sources/file.ts';
import { appRoom, batchRoom, termIndexOf, termRoom } from './workload.ts';

export type ServerMode = 'app' | 'bare';

export type ToServer = { type: 'measure' } | { type: 'report' } | { type: 'memory' };
export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'memory'; heapUsed: number; rss: number }
  | { type: 'report'; t0: number; t1: number; posts: number; expected: number; cpuMicros: number; eldP99Ms: number; eldMaxMs: number; heapUsed: number; rss: number };

const [mode, file, rate, batchMs] = [process.argv[2] as ServerMode, process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])];
const CLOSE_AHEAD = 5; // ms
const send = (message: FromServer) => process.send!(message);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const source = new FileSource({ path: file, rate });
const server = http.createServer(createApp({ sourceName: 'file', logger: silentLogger() }));
let rooms: Map<string, Set<string>>;

if (mode === 'app') {
  // The production limits, except the per-address cap: every load client shares 127.0.0.1
  const limits = { ...DEFAULT_LIMITS, maxConnectionsPerIp: Number.MAX_SAFE_INTEGER };
  const { io } = attachSocketIO(server, { source, logger: silentLogger(), limits });
  rooms = io.of('/').adapter.rooms;
} else {
  const io = new Server(server, { serveClient: false, transports: ['websocket'], perMessageDeflate: false });
  rooms = io.of('/').adapter.rooms;
  io.on('connection', (socket) => {
    const term = Number(socket.handshake.auth.term);
    if (Number.isInteger(term)) socket.join(termRoom(term));
  });
  source.on('post', (post) => io.to(termRoom(termIndexOf(post.id))).emit('tweets', post));
}

// Deliveries owed in the window: every socket in the post's rooms, plain and batched
let window: { t0: number; t1: number; posts: number; expected: number; cpu: NodeJS.CpuUsage } | null = null;
const audience = (term: number) =>
  mode === 'bare'
    ? (rooms.get(termRoom(term))?.size ?? 0)
    : (rooms.get(appRoom(term))?.size ?? 0) + (rooms.get(batchRoom(term, batchMs))?.size ?? 0);
const eld = monitorEventLoopDelay({ resolution: 10 });
source.on('post', (post) => {
  const created = Date.parse(post.created_at);
  if (!window || created < window.t0 || created >= window.t1) return;
  window.posts += 1;
  window.expected += audience(termIndexOf(post.id));
});

process.on('message', (message: ToServer) => {
  if (message.type === 'memory') {
    gc();
    const { heapUsed, rss } = process.memoryUsage();
    send({ type: 'memory', heapUsed, rss });
  } else if (message.type === 'measure') {
    eld.reset();
    eld.enable();
    window = { t0: Date.now() + 1, t1: Infinity, posts: 0, expected: 0, cpu: process.cpuUsage() };
  } else if (message.type === 'report' && window) {
    // Close the window a little ahead, so no post straddles the edge in the same ms
    const open = window;
    open.t1 = Date.now() + CLOSE_AHEAD;
    setTimeout(() => {
      const cpu = process.cpuUsage(open.cpu);
      eld.disable();
      const { heapUsed, rss } = process.memoryUsage();
      window = null;
      send({
        type: 'report', t0: open.t0, t1: open.t1, posts: open.posts, expected: open.expected,
        cpuMicros: cpu.user + cpu.system, eldP99Ms: eld.percentile(99) / 1e6, eldMaxMs: eld.max / 1e6, heapUsed, rss,
      });
    }, CLOSE_AHEAD * 2);
  }
});

// The file source's own timer fires at most once per ms and drifts under load, so the
// bench paces it: every tick emits the posts that are due, as a real firehose bursts.
const PACE_EVERY = 5; // ms
function pace(): void {
  const started = performance.now();
  let emitted = 0;
  setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; emitted < due; emitted += 1) source.emit('post', source.next());
  }, PACE_EVERY);
}

server.listen(0, '127.0.0.1', () => {
  pace();
  send({ type: 'ready', port: (server.address() as AddressInfo).port });
});
