// A fake Jetstream on 127.0.0.1 for tests: it records each connection's `cursor`,
// replays a frame log from that cursor as the real one does, and can drop or go silent.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeConnection {
  cursor: number | null; // µs, as the client asked
  params: URLSearchParams;
  socket: WebSocket;
  /** Sends an object as JSON, or a string as it is. */
  send(frame: unknown): void;
  /** Sends every frame in `log` at or after this connection's cursor (all of them without one). */
  replay(log: readonly Frame[], until?: number): void;
  /** Cuts the TCP connection without a close frame, like a network drop. */
  drop(): void;
}

export interface FakeJetstream {
  url: string; // ws://127.0.0.1:PORT/subscribe
  connections: FakeConnection[];
  /** Resolves with the next connection (or one already made and not yet taken). */
  nextConnection(): Promise<FakeConnection>;
  close(): Promise<void>;
}

export interface Frame {
  time_us: number;
  [field: string]: unknown;
}

export async function startFakeJetstream({ autoPong = true } = {}): Promise<FakeJetstream> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/subscribe', autoPong });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const connections: FakeConnection[] = [];
  const untaken: FakeConnection[] = [];
  const waiting: ((connection: FakeConnection) => void)[] = [];

  server.on('connection', (socket, request) => {
    const params = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams;
    const cursor = params.has('cursor') ? Number(params.get('cursor')) : null;
    const connection: FakeConnection = {
      cursor,
      params,
      socket,
      send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
      replay(log, until = log.length) {
        for (const frame of log.slice(0, until)) {
          if (cursor === null || frame.time_us >= cursor) this.send(frame);
        }
      },
      drop: () => socket.terminate(),
    };
    connections.push(connection);
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
    else untaken.push(connection);
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/subscribe`,
    connections,
    nextConnection: () => {
      const ready = untaken.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const BASE_TIME_US = 1_779_719_009_000_000; // a fixed instant in 2026, µs

/** A commit `create` of a post, shaped like the real Jetstream frame. */
export function postFrame(did: string, rkey: string, text: string, timeUs: number, langs: string[] = ['en']): Frame {
  return {
    did,
    time_us: timeUs,
    kind: 'commit',
    commit: {
      rev: `rev${rkey}`,
      operation: 'create',
      collection: 'app.bsky.feed.post',
      rkey,
      record: { $type: 'app.bsky.feed.post', createdAt: new Date(timeUs / 1000).toISOString(), langs, text },
      cid: `bafy${rkey}`,
    },
  };
}

export function deleteFrame(did: string, rkey: string, timeUs: number): Frame {
  return { did, time_us: timeUs, kind: 'commit', commit: { rev: 'r', operation: 'delete', collection: 'app.bsky.feed.post', rkey } };
}

export function identityFrame(did: string, handle: string, timeUs: number): Frame {
  return { did, time_us: timeUs, kind: 'identity', identity: { did, handle, seq: 1, time: new Date(timeUs / 1000).toISOString() } };
}

/** A did:plc of the right shape, distinct for each number. */
export function testDid(n: number): string {
  return `did:plc:test${String(n).padStart(20, '0')}`;
}
