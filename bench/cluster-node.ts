// Bench child: one cluster node on a shared Redis, the real wiring of config/cluster.ts.
// Whichever node leads replays the bench file at a fixed rate (paced as fanout-server.ts
// does); every node relays the log to its own sockets. It talks to the parent over IPC.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app.ts';
import { openCluster } from '../config/cluster.ts';
import { DEFAULT_LIMITS } from '../config/env.ts';
import { attachSocketIO } from '../config/socketio.ts';
import { FileSource } from '../lib/sources/file.ts';
import { silentLogger } from '../lib/support/logger.ts';
import { appRoom, termIndexOf } from './workload.ts';

export type ToNode = { type: 'measure'; t0: number } | { type: 'report'; t1: number };
export type FromNode =
  | { type: 'ready'; port: number }
  | { type: 'report'; leader: boolean; posts: number; expected: number; cpuMicros: number };

const [redisUrl, nodeId, file, rate, prefix] = [process.argv[2]!, process.argv[3]!, process.argv[4]!, Number(process.argv[5]), process.argv[6]!];
const PACE_EVERY = 5; // ms
const DRAIN_MS = 300; // ms after the window for relayed posts to land here
const send = (message: FromNode) => process.send!(message);
const logger = silentLogger();

/** The bench file at a fixed rate, in bursts every few ms as a real firehose sends them. */
class PacedFile extends FileSource {
  #timer: NodeJS.Timeout | null = null;
  override start(): void {
    const started = performance.now();
    let emitted = 0;
    this.#timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; emitted < due; emitted += 1) this.emit('post', this.next());
    }, PACE_EVERY);
  }
  override async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
  }
}

const settings = { url: redisUrl, nodeId, leaseMs: 5_000, heartbeatMs: 1_000, streamMaxLength: 100_000, prefix };
const cluster = await openCluster(settings, () => new PacedFile({ path: file, rate }), logger);
const server = http.createServer(createApp({ sourceName: 'file', logger }));
const limits = { ...DEFAULT_LIMITS, maxConnectionsPerIp: Number.MAX_SAFE_INTEGER };
const { io, hub } = attachSocketIO(server, { source: cluster.relay, logger, limits, adapter: cluster.adapter, remote: cluster.presence });
cluster.attach(io, hub);
cluster.relay.start();

// Deliveries this node owes in the window: its sockets in each relayed post's room
const rooms = io.of('/').adapter.rooms;
const arrivals: Array<[created: number, audience: number]> = [];
let window: { t0: number; cpu: NodeJS.CpuUsage } | null = null;
cluster.relay.on('post', (post) => {
  const created = Date.parse(post.created_at);
  if (window && created >= window.t0) arrivals.push([created, rooms.get(appRoom(termIndexOf(post.id)))?.size ?? 0]);
});

process.on('message', (message: ToNode) => {
  if (message.type === 'measure') {
    arrivals.length = 0;
    window = { t0: message.t0, cpu: process.cpuUsage() };
  } else if (message.type === 'report' && window) {
    const cpu = process.cpuUsage(window.cpu);
    setTimeout(() => {
      const inWindow = arrivals.filter(([created]) => created < message.t1);
      window = null;
      send({
        type: 'report', leader: cluster.leader.leading, posts: inWindow.length,
        expected: inWindow.reduce((sum, [, audience]) => sum + audience, 0), cpuMicros: cpu.user + cpu.system,
      });
    }, DRAIN_MS);
  }
});

server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));
