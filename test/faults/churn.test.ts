// Fault suite, lifecycle churn: any order of start/stop/update gives the answers a
// simple model predicts, and thousands of short visits leave nothing behind.
import { io as connect } from 'socket.io-client';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { request, startServer, stillServes, type TestClient, type TestServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

const CYCLES = 5_000; // connect/term/disconnect visits
const CONCURRENCY = 25; // visits in flight at once

let server: TestServer;
beforeEach(async () => {
  server = await startServer(new ManualSource(), { limits: { eventBurst: 1_000 } });
});

type Op = 'start' | 'stop' | 'update';
const ORDERS: Op[][] = [
  ['start', 'stop', 'update'],
  ['start', 'update', 'stop'],
  ['stop', 'start', 'update'],
  ['stop', 'update', 'start'],
  ['update', 'start', 'stop'],
  ['update', 'stop', 'start'],
];

/** Everything the server keeps per socket or per term, to compare with a baseline. */
function footprint(s: TestServer) {
  return {
    terms: s.hub.index.size,
    indexedTokens: s.hub.index.indexedTokens,
    sockets: s.io.of('/').sockets.size,
    rooms: s.io.of('/').adapter.rooms.size,
    engineClients: s.io.engine.clientsCount,
    addresses: s.socketIO.handshake.addresses,
    pendingFollows: s.socketIO.follows.pending,
    upstreamTerms: s.source.followed.size,
  };
}

describe('start/stop/update churn', () => {
  it.each(ORDERS.map((order) => [order.join(' → '), order] as const))('%s, twice, answers as the model says', async (_name, order) => {
    const client = await server.client();
    let term: string | null = null;
    let paused = false;
    let turn = 0;
    for (const op of [...order, ...order]) {
      turn += 1;
      if (op === 'update') {
        term = `term${turn % 2}`;
        paused = false;
        expect(await request(client, 'updateTerm', term)).toEqual({ data: { term, lang: null } });
      } else if (op === 'stop') {
        paused = true;
        expect(await request(client, 'stopStream')).toEqual({ data: { paused: true } });
      } else if (term === null) {
        expect(await request(client, 'startStream')).toEqual({ error: CLIENT_ERRORS.noTerm });
      } else {
        paused = false;
        expect(await request(client, 'startStream')).toEqual({ data: { paused: false } });
      }
      const following = term !== null && !paused;
      expect([...server.hub.index.keys()]).toEqual(following ? [`term:*:${term}`] : []);
      expect([...server.source.followed.keys()]).toEqual(following ? [`term:*:${term}`] : []);
    }
    client.disconnect();
    await stillServes(server);
  });
});

describe('connect/term/disconnect cycles', () => {
  it(`returns every map to its baseline after ${CYCLES} visits`, async () => {
    const baseline = footprint(server);
    let next = 0;
    async function visitor(): Promise<void> {
      while (next < CYCLES) {
        const i = next++;
        const client: TestClient = connect(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
        await new Promise<void>((resolve, reject) => {
          client.once('connect', resolve);
          client.once('connect_error', reject);
        });
        await request(client, 'updateTerm', i % 3 === 0 ? { term: `word${i % 50}`, lang: 'en' } : `word${i % 50}, other`);
        if (i % 5 === 0) await request(client, 'stopStream');
        client.disconnect();
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, visitor));
    await vi.waitFor(() => expect(footprint(server)).toEqual(baseline), { timeout: 5_000 });
    await stillServes(server);
  }, 120_000);
});
