// Fault suite, abuse: floods, too many connections, and foreign origins are refused
// at the door, and everyone else keeps being served.
import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { ANSWERED_REFUSALS } from '../../lib/guards/flood.ts';
import { REFUSALS } from '../../lib/guards/handshake.ts';
import { ackOf, rawSocket } from '../helpers/raw-socket.ts';
import { startServer, stillServes, type ServerOptions, type TestServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

const PAGE_ORIGIN = 'http://localhost:3000';
const FOREIGN_ORIGIN = 'https://evil.example';

let server: TestServer;
async function start(limits: ServerOptions['limits'] = {}): Promise<TestServer> {
  server = await startServer(new ManualSource(), { limits: { allowedOrigins: [PAGE_ORIGIN], ...limits } });
  return server;
}

describe('a flood of updateTerm', () => {
  it('answers 1,000 updateTerm past the burst with "too fast" a few times, then drops them silently and closes the connection', async () => {
    await start({ eventBurst: 20, eventsPerSecond: 5, refusalsBeforeClose: 100, followDebounceMs: 200 });
    const followed: string[] = [];
    const { source } = server;
    const follow = source.follow.bind(source);
    source.follow = (key, query) => (followed.push(key), follow(key, query));

    const socket = await rawSocket(server.url);
    const started = performance.now();
    for (let id = 1; id <= 1000; id += 1) socket.send(`42${id}["updateTerm","term${id % 7}"]`);
    expect(await socket.closed).toBeGreaterThan(0); // was never closed: 1,000 answers, one per packet
    const seconds = (performance.now() - started) / 1000;
    const answers = socket.frames.filter((frame) => /^43\d+\[/.test(frame)).map((frame) => JSON.parse(frame.replace(/^43\d+/, ''))[0]);
    const accepted = answers.filter((answer) => 'data' in answer).length;
    const refused = answers.filter((answer) => answer.error === CLIENT_ERRORS.tooFast).length;
    // What was still waiting to be sent when the connection closed is discarded, so these are at most
    expect(accepted).toBeLessThanOrEqual(20 + Math.ceil(5 * seconds)); // the burst, plus the refill while it lasted
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(ANSWERED_REFUSALS); // was 1,000 less the accepted: every refusal answered
    await new Promise((resolve) => setTimeout(resolve, 300)); // one debounce window
    expect(followed.length).toBeLessThanOrEqual(1); // at most the term the socket ended on reached the upstream
    await stillServes(server);
  });
});

describe('connections per address', () => {
  it('refuses the connection over the cap, and accepts again once one closes', async () => {
    await start({ maxConnectionsPerIp: 3 });
    const clients = await Promise.all([server.client(), server.client(), server.client()]);
    await expect(server.client()).rejects.toThrow();
    await expect(rawSocket(server.url)).rejects.toThrow(`handshake refused: 400 ${REFUSALS.tooMany}`);
    clients[0]!.disconnect();
    await vi.waitFor(() => expect(server.socketIO.handshake.addresses && server.socketIO.io.engine.clientsCount).toBe(2));
    await stillServes(server);
  });
});

describe('origins', () => {
  // Engine.IO answers a refused upgrade with 400 and the reason, a refused poll with 403
  it('refuses a foreign Origin on the WebSocket handshake', async () => {
    await start();
    await expect(rawSocket(server.url, { origin: FOREIGN_ORIGIN })).rejects.toThrow(`handshake refused: 400 ${REFUSALS.origin}`);
    await stillServes(server);
  });

  it('refuses a foreign Origin on the polling handshake, with the reason', async () => {
    await start();
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: FOREIGN_ORIGIN } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 4, message: REFUSALS.origin });
    await stillServes(server);
  });

  it('refuses the "null" Origin of sandboxed frames and files', async () => {
    await start();
    await expect(rawSocket(server.url, { origin: 'null' })).rejects.toThrow(`handshake refused: 400 ${REFUSALS.origin}`);
  });

  it('accepts the page\'s own Origin on both transports', async () => {
    await start();
    const socket = await rawSocket(server.url, { origin: PAGE_ORIGIN });
    socket.send('421["updateTerm","cats"]');
    expect(await ackOf(socket, 1)).toHaveProperty('data');
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: PAGE_ORIGIN } });
    expect(response.status).toBe(200);
    socket.close();
  });

  it('accepts a client that sends no Origin (non-browser clients and same-origin polling)', async () => {
    await start();
    const socket = await rawSocket(server.url);
    socket.send('421["updateTerm","cats"]');
    expect(await ackOf(socket, 1)).toHaveProperty('data');
    const response = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(response.status).toBe(200);
    socket.close();
    await stillServes(server);
  });
});
