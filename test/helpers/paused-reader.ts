// Child-process script: the paused-reader attack. A raw WebSocket client joins a term,
// stops reading its TCP socket, answers the heartbeat blindly so it is never timed out,
// and floods tiny events that each ask for an ack, for `durationMs`. When the server
// closes it, it connects again and carries on, so the attack lasts the whole time.
// Run with `node --import tsx test/helpers/paused-reader.ts '<PausedReaderOptions JSON>'`
// and an IPC channel; used by test/faults/paused-reader.test.ts and bench/attack.ts.
import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';

export interface PausedReaderOptions {
  url: string; // http://host:port of the server
  durationMs: number; // how long the attack lasts, from the first join
  eventsPerSecond?: number; // a steady flood; unset: as fast as the server reads
}

export type FromPausedReader =
  | { type: 'attacking' } // the first connection has joined and stopped reading
  | { type: 'done'; connections: number; closedByServer: number; sent: number };

const PONG_EVERY = 1_000; // ms; far inside Socket.IO's 20 s pingTimeout
const BURST = 200; // events written per turn of the loop, at full speed
const PACE_EVERY = 10; // ms between writes of a steady flood
const MAX_UNSENT = 256 * 1024; // bytes our own socket may hold unsent: flood as fast as the server reads, no faster
const JOIN_TIMEOUT = 10_000; // ms for the handshake and the join's ack
const RETRY_AFTER = 100; // ms before connecting again after a refused or failed join

const options = JSON.parse(process.argv[2]!) as PausedReaderOptions;
const send = (message: FromPausedReader) => process.send?.(message);
let sent = 0;
let ackId = 1;

/** Opens one connection, joins, pauses, floods; resolves with who ended it. */
async function attackOnce(deadline: number): Promise<'server' | 'deadline' | 'refused'> {
  const ws = new WebSocket(`${options.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  ws.on('error', () => {}); // a reset shows up as 'close' too
  const joined = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no join within the timeout')), JOIN_TIMEOUT);
    ws.on('message', (data) => {
      const frame = data.toString();
      if (frame.startsWith('0{')) ws.send('40');
      else if (frame.startsWith('40')) ws.send(`42${ackId++}["updateTerm","paused"]`);
      else if (frame.startsWith('43')) {
        clearTimeout(timer);
        resolve();
      }
    });
    ws.once('close', () => reject(new Error('closed before joining')));
  });
  const closed = new Promise<'server'>((resolve) => ws.once('close', () => resolve('server')));
  try {
    await joined;
  } catch {
    ws.terminate();
    return 'refused';
  }

  // Stop reading: the kernel's buffers fill, then the server's
  const tcp = (ws as unknown as { _socket: NetSocket })._socket;
  tcp.pause();
  send({ type: 'attacking' });
  const pong = setInterval(() => ws.send('3'), PONG_EVERY);
  let open = true;
  void closed.then(() => (open = false));
  const { eventsPerSecond } = options;
  const started = performance.now();
  let written = 0;
  const flood = (): void => {
    if (!open || Date.now() >= deadline) return;
    if (ws.bufferedAmount >= MAX_UNSENT) return void tcp.once('drain', flood);
    const due = eventsPerSecond ? Math.floor(((performance.now() - started) / 1000) * eventsPerSecond) - written : BURST;
    for (let i = 0; i < due; i += 1) ws.send(`42${ackId++}["stopStream"]`);
    written += due;
    sent += due;
    if (eventsPerSecond) setTimeout(flood, PACE_EVERY);
    else setImmediate(flood);
  };
  flood();
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<'deadline'>((resolve) => (timer = setTimeout(() => resolve('deadline'), deadline - Date.now())));
  const ended = await Promise.race([closed, timeUp]);
  clearTimeout(timer);
  clearInterval(pong);
  if (ended === 'deadline') ws.terminate();
  return ended;
}

async function main(): Promise<void> {
  const deadline = Date.now() + options.durationMs;
  let connections = 0;
  let closedByServer = 0;
  while (Date.now() < deadline) {
    connections += 1;
    const ended = await attackOnce(deadline);
    if (ended === 'server') closedByServer += 1;
    else if (ended === 'refused') await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER));
  }
  send({ type: 'done', connections, closedByServer, sent });
  process.disconnect?.();
}

void main();
