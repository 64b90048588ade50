// Fault suite, abuse: floods, too many connections, and foreign origins are refused
// at the door, and everyone else keeps being served.
import { describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
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
  it('answers 1,000 updateTerm in a second with "too fast" past the burst, and the upstream sees one change', async () => {
    await start({ eventBurst: 20, eventsPerSecond: 5, followDebounceMs: 200 });
    const followed: string[] = [];
    const { source } = server;
    const follow = source.follow.bind(source);
    source.follow = (key, query) => (followed.push(key), follow(key, query));

    const socket = await rawSocket(server.url);
    const started = performance.now();
    for (let id = 1; id <= 1000; id += 1) socket.send(`42${id}["updateTerm","term${id % 7}"]`);
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => ackOf(socket, i + 1)));
    const seconds = (performance.now() - started) / 1000;
    const accepted = answers.filter((answer) => 'data' in (answer as object)).length;
    const refused = answers.filter((answer) => (answer as { error?: string }).error === CLIENT_ERRORS.tooFast).length;
    expect(accepted + refused).toBe(1000);
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThanOrEqual(20 + Math.ceil(5 * seconds)); // the burst, plus the refill while it lasted
    await new Promise((resolve) => setTimeout(resolve, 300)); // one debounce window
    expect(followed.length).toBe(1); // only the term the socket ended on reached the upstream
    socket.close();
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
