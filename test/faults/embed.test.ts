// Fault suite, embedding: a site in EMBED_ORIGINS gets exactly the page's limits (the
// per-address cap, the event rate), a site not in it is refused at the door, and everyone
// else keeps being served.
import { describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { REFUSALS } from '../../lib/guards/handshake.ts';
import { rawSocket } from '../helpers/raw-socket.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { startServer, stillServes, type ServerOptions, type TestServer } from '../helpers/server.ts';

const EMBEDDING_SITE = 'https://blog.example';
const FOREIGN_ORIGIN = 'https://evil.example';

let server: TestServer;
async function start(limits: ServerOptions['limits'] = {}): Promise<TestServer> {
  server = await startServer(new ManualSource(), { limits: { embedOrigins: [EMBEDDING_SITE], ...limits } });
  return server;
}

describe('an embedding site', () => {
  it('is held to the per-address cap like the page', async () => {
    await start({ maxConnectionsPerIp: 2 });
    const widgets = await Promise.all([1, 2].map(() => server.client({ extraHeaders: { Origin: EMBEDDING_SITE } })));
    await expect(rawSocket(server.url, { origin: EMBEDDING_SITE })).rejects.toThrow(`handshake refused: 400 ${REFUSALS.tooMany}`);
    widgets[0]!.disconnect();
    await expect.poll(() => server.socketIO.handshake.connections).toBe(1);
    await stillServes(server);
  });

  it('is answered "too fast" past the event burst like the page', async () => {
    await start({ eventBurst: 5, eventsPerSecond: 1 });
    const socket = await rawSocket(server.url, { origin: EMBEDDING_SITE });
    for (let id = 1; id <= 20; id += 1) socket.send(`42${id}["updateTerm","cats"]`);
    await socket.next((frame) => frame.includes(CLIENT_ERRORS.tooFast));
    const accepted = socket.frames.filter((frame) => /^43\d+\[\{"data"/.test(frame)).length;
    expect(accepted).toBeLessThanOrEqual(5 + 1); // the burst, and at most one refill while they arrived
    await stillServes(server);
  });
});

describe('a site not in EMBED_ORIGINS', () => {
  it('is refused at the WebSocket handshake while embedding sites are accepted', async () => {
    await start();
    await expect(rawSocket(server.url, { origin: FOREIGN_ORIGIN })).rejects.toThrow(`handshake refused: 400 ${REFUSALS.origin}`);
    (await rawSocket(server.url, { origin: EMBEDDING_SITE })).close();
    await stillServes(server);
  });

  it('includes the opaque origin "null" even when every site may embed', async () => {
    await start({ embedOrigins: '*' });
    await expect(rawSocket(server.url, { origin: 'null' })).rejects.toThrow(`handshake refused: 400 ${REFUSALS.origin}`);
    await stillServes(server);
  });
});
