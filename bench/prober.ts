// Bench child: the healthy clients of the paused-reader row. Each follows a term and asks
// `startStream` on a fixed schedule whether or not the last answer came (a person does not
// wait for the server to recover before clicking again), and GET /healthz is asked on a
// fresh connection on its own schedule, as a load balancer's probe. It records how long
// each answer took, and how long the unanswered ones have waited so far. IPC like load-client.
import http from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/contract/events.ts';
import { termWord } from './workload.ts';

export interface ProbeOptions {
  url: string;
  clients: number;
  terms: number; // client `i` follows term `i % terms`
}

export type ToProber = { type: 'record' } | { type: 'stop' } | { type: 'close' };
export interface Probes {
  answered: number[]; // ms for each answer
  waiting: number[]; // ms each unanswered request had waited when the window closed
}
export type FromProber = { type: 'ready' } | { type: 'report'; acks: Probes; health: Probes };

const ASK_EVERY = 250; // ms between one client's requests: 4/s, under the 5/s each may send
const HEALTH_EVERY = 100; // ms between GET /healthz
const GRACE = 2_000; // ms after the window for the answers still on their way

const options = JSON.parse(process.argv[2]!) as ProbeOptions;
const send = (message: FromProber) => process.send!(message);
const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
const timers: NodeJS.Timeout[] = [];

/** Open-loop probes: each start() makes one request and records when it is answered. */
function probes<A extends unknown[]>(ask: (done: () => void, ...args: A) => void) {
  const result: Probes = { answered: [], waiting: [] };
  const pending = new Set<{ sent: number }>();
  return {
    result,
    start(...args: A) {
      const entry = { sent: performance.now() };
      pending.add(entry);
      ask(() => {
        if (!pending.delete(entry)) return; // answered after the window closed
        result.answered.push(performance.now() - entry.sent);
      }, ...args);
    },
    close() {
      const now = performance.now();
      result.waiting = [...pending].map((entry) => now - entry.sent);
      pending.clear();
    },
  };
}

const ackProbes = () =>
  probes((done, socket: Socket<ServerToClientEvents, ClientToServerEvents>) => socket.emit('startStream', () => done()));
const healthProbes = () =>
  probes((done) => {
    http.get(`${options.url}/healthz`, { agent: false }, (response) => {
      response.resume();
      response.on('end', done);
    }).on('error', () => {}); // never answered: it stays waiting
  });
let window: { acks: ReturnType<typeof ackProbes>; health: ReturnType<typeof healthProbes> } | null = null;

async function open(index: number): Promise<void> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(options.url, {
    transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.timeout(30_000).emitWithAck('updateTerm', termWord(index % options.terms));
}

process.on('message', (message: ToProber) => {
  if (message.type === 'record') {
    const current = { acks: ackProbes(), health: healthProbes() };
    window = current;
    // One timer per client, staggered, so requests arrive evenly
    const every = ASK_EVERY / options.clients;
    sockets.forEach((socket, i) => {
      timers.push(setTimeout(() => timers.push(setInterval(() => current.acks.start(socket), ASK_EVERY)), i * every));
    });
    timers.push(setInterval(() => current.health.start(), HEALTH_EVERY));
  } else if (message.type === 'stop' && window) {
    const current = window;
    window = null;
    for (const timer of timers.splice(0)) clearTimeout(timer);
    setTimeout(() => {
      current.acks.close();
      current.health.close();
      send({ type: 'report', acks: current.acks.result, health: current.health.result });
    }, GRACE);
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
});

Promise.all(Array.from({ length: options.clients }, (_, i) => open(i))).then(
  () => send({ type: 'ready' }),
  (err: unknown) => {
    console.error(`[bench] prober could not connect: ${String(err)}`);
    process.exit(1);
  },
);
