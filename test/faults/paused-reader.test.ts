// Fault suite, a paused reader: a client in another process stops reading its socket,
// keeps answering the heartbeat so it is never timed out, and floods tiny events that
// each earn an ack. Every packet waiting for it counts against its queue, so the server
// closes it instead of queueing without end; meanwhile another client's acks and
// GET /healthz keep being answered, and afterwards a fresh client is still served.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request, settle, startServer, stillServes } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import type { FromPausedReader, PausedReaderOptions } from '../helpers/paused-reader.ts';

const ATTACK_MS = 10_000; // how long the attacker floods, as the issue asks
// A steady flood, about 200 events per turn of the server's loop: too few for one turn to
// fill the queue, so what closes the attacker is that it stopped reading (its kernel
// buffers fill in about 3 s here), not the size of one burst
const EVENTS_PER_SECOND = 20_000;
const ACK_EVERY = 250; // ms between the healthy client's requests: 4/s, under its 5/s allowance
const HEALTH_EVERY = 250; // ms between GET /healthz
const SCRIPT = path.join(import.meta.dirname, '..', 'helpers', 'paused-reader.ts');

/** The status of one GET on a fresh connection, as a load balancer's probe makes it. */
function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    }).on('error', reject);
  });
}

/** Starts the attacker in its own process; resolves `attacking` once it has joined and paused. */
function pausedReader(options: PausedReaderOptions) {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const message = <T extends FromPausedReader['type']>(type: T) =>
    new Promise<Extract<FromPausedReader, { type: T }>>((resolve, reject) => {
      child.on('message', (m: FromPausedReader) => m.type === type && resolve(m as Extract<FromPausedReader, { type: T }>));
      void exited.then(() => reject(new Error(`the attacker exited before "${type}"`)));
    });
  return { attacking: message('attacking'), done: message('done'), kill: () => child.kill() };
}

describe('a paused reader that floods acked events', () => {
  it('is closed by the server, while another client and /healthz keep being answered', async () => {
    const server = await startServer(new ManualSource());
    const healthy = await server.client();
    await request(healthy, 'updateTerm', 'healthy');
    const reasons: string[] = []; // why each of the attacker's sockets went
    server.io.on('connection', (socket) => socket.on('disconnect', (reason) => reasons.push(reason)));

    const attacker = pausedReader({ url: server.url, durationMs: ATTACK_MS, eventsPerSecond: EVENTS_PER_SECOND });
    try {
      await attacker.attacking;
      let attacking = true;
      const done = attacker.done.finally(() => (attacking = false));

      // While the attack lasts, the healthy client asks and /healthz is polled, one at a time
      const answers: unknown[] = [];
      const health: number[] = [];
      const asking = (async () => {
        while (attacking) {
          const answer = await request(healthy, 'startStream');
          if (attacking) answers.push(answer);
          await settle(ACK_EVERY);
        }
      })();
      const polling = (async () => {
        while (attacking) {
          const status = await probe(`${server.url}/healthz`);
          if (attacking) health.push(status);
          await settle(HEALTH_EVERY);
        }
      })();
      const result = await done;
      await Promise.all([asking, polling]);

      expect(result.closedByServer).toBeGreaterThan(0);
      expect(reasons).toContain('forced close');
      expect(reasons).not.toContain('ping timeout');
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.every((answer) => JSON.stringify(answer) === '{"data":{"paused":false}}')).toBe(true);
      expect(health.length).toBeGreaterThan(0);
      expect(health.every((status) => status === 200)).toBe(true);
    } finally {
      attacker.kill();
    }
    await stillServes(server);
  }, 60_000);
});
