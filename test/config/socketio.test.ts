// config/socketio.ts's own wiring, through a real server: what a connection hears first,
// how its handshake `auth` is read, and that each guard is installed with the limits
// it was given. The three events themselves are tested in test/lib/delivery/handlers.test.ts.
import { describe, expect, it } from 'vitest';
import { BATCH_MS_ERROR } from '../../lib/contract/auth.ts';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { REFUSALS } from '../../lib/guards/handshake.ts';
import type { Query } from '../../lib/match/query.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { rawSocket } from '../helpers/raw-socket.ts';
import { request, startServer } from '../helpers/server.ts';

describe('status', () => {
  it('is sent on connect and whenever the upstream changes', async () => {
    const server = await startServer();
    const client = await server.client({ autoConnect: false });
    const first = new Promise((resolve) => client.once('status', resolve));
    client.connect();
    expect(await first).toEqual({ source: 'demo', state: 'live' });
    const next = new Promise((resolve) => client.once('status', resolve));
    server.source.announce('reconnecting', undefined, 2000);
    expect(await next).toEqual({ source: 'demo', state: 'reconnecting', retryInMs: 2000 });
  });
});

describe('handshake', () => {
  it('refuses a connection whose batchMs is out of range, saying why', async () => {
    const server = await startServer();
    await expect(server.client({ auth: { batchMs: 5 } })).rejects.toThrow(BATCH_MS_ERROR);
    await expect(server.client({ auth: { batchMs: '100' } })).rejects.toThrow(BATCH_MS_ERROR);
  });

  it('accepts a client that asks for nothing', async () => {
    const server = await startServer();
    const socket = await server.client({ auth: { token: 'unrelated' } });
    expect(socket.connected).toBe(true);
  });

  it('keeps the parsed auth in socket.data, with no term yet', async () => {
    const server = await startServer();
    const client = await server.client({ auth: { batchMs: 100, stats: true } });
    expect(server.io.of('/').sockets.get(client.id!)?.data).toEqual({ batchMs: 100, wantsStats: true, termKey: null });
  });
});

describe('connection', () => {
  it('registers the three events on every socket', async () => {
    const server = await startServer();
    const client = await server.client();
    expect(await request(client, 'updateTerm', 'cats')).toEqual({ data: { term: 'cats', lang: null } });
    expect(await request(client, 'stopStream')).toEqual({ data: { paused: true } });
    expect(await request(client, 'startStream')).toEqual({ data: { paused: false } });
  });

  it('does not serve the Socket.IO client script: the page bundles its own', async () => {
    const server = await startServer();
    const response = await fetch(`${server.url}/socket.io/socket.io.js`);
    // Engine.IO takes the path and refuses it as a handshake without a transport
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).not.toMatch(/javascript/);
  });
});

describe('guards', () => {
  it('caps events per connection with eventBurst and eventsPerSecond, the join costing one', async () => {
    const server = await startServer(undefined, { limits: { eventBurst: 3, eventsPerSecond: 0.001 } });
    const client = await server.client();
    expect(await request(client, 'stopStream')).toEqual({ data: { paused: true } });
    expect(await request(client, 'stopStream')).toEqual({ data: { paused: true } });
    expect(await request(client, 'stopStream')).toEqual({ error: CLIENT_ERRORS.tooFast });
  });

  it('caps connections per address with maxConnectionsPerIp', async () => {
    const server = await startServer(undefined, { limits: { maxConnectionsPerIp: 1 } });
    await server.client();
    await expect(rawSocket(server.url)).rejects.toThrow(`handshake refused: 400 ${REFUSALS.tooMany}`);
  });

  it("asks the source to admit a new term for the client's address: behind a trusted proxy, the forwarded one", async () => {
    class RecordingSource extends ManualSource {
      readonly addresses: string[] = [];
      override admit(_key: string, _query: Query, address: string): string | null {
        this.addresses.push(address);
        return null;
      }
    }
    const headers = { 'x-forwarded-for': '198.51.100.7' };
    const trusting = await startServer(new RecordingSource(), { limits: { trustProxy: ['127.0.0.1'] } });
    await request(await trusting.client({ extraHeaders: headers }), 'updateTerm', 'cats');
    const direct = await startServer(new RecordingSource());
    await request(await direct.client({ extraHeaders: headers }), 'updateTerm', 'cats');
    expect([trusting.source.addresses, direct.source.addresses]).toEqual([['198.51.100.7'], ['127.0.0.1']]);
  });

  it('closes a connection that sends a frame over maxMessageBytes', async () => {
    const server = await startServer(undefined, { limits: { maxMessageBytes: 1024 } });
    const client = await server.client();
    const gone = new Promise((resolve) => client.once('disconnect', resolve));
    client.emit('updateTerm', 'x'.repeat(2048));
    expect(await gone).toBe('transport close');
  });

  it('watches every socket for a slow reader, holding its queue to maxQueuedPosts, maxQueuedPackets and maxQueuedBytes', async () => {
    const server = await startServer();
    const client = await server.client();
    const socket = server.io.of('/').sockets.get(client.id!)!;
    expect(socket.conn.listenerCount('packetCreate')).toBe(1);
  });
});
