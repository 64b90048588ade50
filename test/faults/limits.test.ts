// Fault suite, limits: a budget that survives re-joining the namespace, handshakes that
// never join, and the caps on the whole process. Each row is the attack, then a fresh
// client is still served.
import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { REFUSALS } from '../../lib/guards/handshake.ts';
import { ackOf, rawSocket, type RawSocket } from '../helpers/raw-socket.ts';
import { startServer, stillServes, type ServerOptions, type TestServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

const BURST = 20; // the documented defaults: 20 at once, then 5 a second
const PER_SECOND = 5;

let server: TestServer;
async function start(limits: ServerOptions['limits'] = {}): Promise<TestServer> {
  server = await startServer(new ManualSource(), { limits: { eventBurst: BURST, eventsPerSecond: PER_SECOND, ...limits } });
  return server;
}

/** Resolves with the answers to acks `ids`, or with whatever came once the connection closed. */
async function answersOrClose(socket: RawSocket, ids: number[]): Promise<unknown[]> {
  const answers: unknown[] = [];
  const all = Promise.all(ids.map((id) => ackOf(socket, id).then((answer) => answers.push(answer))));
  await Promise.race([all, socket.closed]);
  return answers;
}

describe('leaving and re-joining the namespace (41, then 40)', () => {
  it('buys no fresh budget: one connection gets the burst and the rate, then is closed', async () => {
    // Close at the tenth refusal, while every refusal is still answered, so each round can wait for its acks
    await start({ refusalsBeforeClose: 10 });
    const socket = await rawSocket(server.url);
    const started = performance.now();
    let accepted = 0;
    let id = 0;
    for (let round = 0; round < 40 && socket.ws.readyState === socket.ws.OPEN; round += 1) {
      const ids = Array.from({ length: 5 }, () => (id += 1));
      for (const ackId of ids) socket.send(`42${ackId}["updateTerm","term${ackId % 3}"]`);
      const answers = await answersOrClose(socket, ids);
      accepted += answers.filter((answer) => 'data' in (answer as object)).length;
      // Leave, and join again once the server has let the old socket go
      socket.send('41');
      await Promise.race([vi.waitFor(() => expect(server.io.of('/').sockets.size).toBe(0)), socket.closed]);
      socket.send('40');
      await Promise.race([socket.next((frame) => frame.startsWith('40{') || frame.startsWith('44')), socket.closed]);
    }
    const seconds = (performance.now() - started) / 1000;
    expect(accepted).toBeLessThanOrEqual(BURST + Math.ceil(PER_SECOND * seconds)); // was 200: a fresh burst each round
    expect(await socket.closed).toBeGreaterThan(0);
    await stillServes(server);
  });
});

describe('bare polling handshakes that never join', () => {
  const handshake = () => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`).then((response) => response.status);

  it('hold no slot of their address: a page from it still connects at once', async () => {
    await start({ maxConnectionsPerIp: 20 });
    expect(await Promise.all(Array.from({ length: 20 }, handshake))).toEqual(Array(20).fill(200));
    expect(server.io.engine.clientsCount).toBe(20);
    await stillServes(server); // was refused: "Too many connections from this address" for 45 s
  });

  it('cannot fill the process from one address: past five per joined slot they are refused there, and only there', async () => {
    await start({ maxConnectionsPerIp: 4, maxConnections: 30 });
    expect(await Promise.all(Array.from({ length: 22 }, handshake))).toEqual([...Array(20).fill(200), 403, 403]);
    expect(server.io.engine.clientsCount).toBe(20); // was 30 of 30, and then "This server is full" for everyone
  });

  it('are closed after joinTimeoutMs', async () => {
    await start({ joinTimeoutMs: 200 });
    await Promise.all(Array.from({ length: 20 }, handshake));
    const joined = await server.client();
    await vi.waitFor(() => expect(server.io.engine.clientsCount).toBe(1), { timeout: 5_000 }); // was 45 s (ping interval + timeout)
    expect(joined.connected).toBe(true);
    await stillServes(server);
  });

  it('are closed after joinTimeoutMs when their join was refused, and never counted against the address', async () => {
    await start({ joinTimeoutMs: 200 });
    const socket = await rawSocket(server.url, { connect: false });
    socket.send('40{"batchMs":5}');
    await socket.next((frame) => frame.startsWith('44'));
    expect(server.socketIO.handshake.addresses).toBe(0);
    expect(await socket.closed).toBeGreaterThan(0);
    await stillServes(server);
  });

  it('are closed after joinTimeoutMs when they left the namespace (41) and did not join again', async () => {
    await start({ joinTimeoutMs: 200 });
    const socket = await rawSocket(server.url);
    socket.send('41');
    expect(await socket.closed).toBeGreaterThan(0);
    await stillServes(server);
  });
});

describe('connections in the whole process', () => {
  it('refuses a handshake past maxConnections with a plain sentence, and accepts again once one closes', async () => {
    await start({ maxConnections: 3 });
    const sockets = await Promise.all([1, 2, 3].map(() => rawSocket(server.url)));
    await expect(rawSocket(server.url)).rejects.toThrow(`handshake refused: 400 ${REFUSALS.full}`);
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(await response.json()).toEqual({ code: 4, message: REFUSALS.full });
    sockets[0]!.close();
    await vi.waitFor(() => expect(server.io.engine.clientsCount).toBe(2));
    await stillServes(server);
  });
});

describe('followed terms in the whole process', () => {
  it('refuses a new term past maxTerms, still lets anyone follow a term already followed, and says why', async () => {
    await start({ maxTerms: 3 });
    const followers = await Promise.all([1, 2, 3].map(() => rawSocket(server.url)));
    ['term1', 'term2', 'healthcheck'].forEach((term, i) => followers[i]!.send(`421["updateTerm","${term}"]`));
    expect(await Promise.all(followers.map((socket) => ackOf(socket, 1)))).toEqual([
      { data: { term: 'term1', lang: null } },
      { data: { term: 'term2', lang: null } },
      { data: { term: 'healthcheck', lang: null } },
    ]);
    const attacker = await rawSocket(server.url);
    attacker.send('421["updateTerm","one more"]');
    expect(await ackOf(attacker, 1)).toEqual({ error: CLIENT_ERRORS.tooManyTerms }); // was accepted: no cap
    expect(server.hub.index.size).toBe(3);
    await stillServes(server); // it follows "healthcheck", which is followed already
  });
});
