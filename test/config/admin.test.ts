// config/admin.ts: the /admin namespace lets in only a socket with a valid token from
// GET /admin/token, sends each one a snapshot once a tick, and never sends the sampled
// feed faster than MAX_FEED_POSTS a second; the seams (nodes, leader, ingest) reach it.
import { io as connect, type Socket } from 'socket.io-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ADMIN_REFUSED } from '../../config/admin.ts';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import type { AdminFeed, AdminSnapshot, IngestCounts } from '../../lib/contract/admin-events.ts';
import { MAX_FEED_POSTS } from '../../lib/admin/feed-sampler.ts';
import { socketTokens } from '../../lib/admin/socket-token.ts';
import { request, settle, startServer, type TestServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

const PASSWORD = 'correct horse battery';
const RIGHT = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

async function tokenFrom(server: TestServer): Promise<string> {
  const res = await fetch(`${server.url}/admin/token`, { headers: RIGHT });
  return ((await res.json()) as { token: string }).token;
}

interface AdminClient {
  socket: Socket;
  /** Resolves with the first snapshot received (already, or from now on) that passes `where`. */
  snapshot(where?: (s: AdminSnapshot) => boolean): Promise<AdminSnapshot>;
}

/** An /admin socket with this handshake auth, hearing snapshots from the start; rejects with the connect_error. */
function adminSocket(server: TestServer, auth: Record<string, unknown>): Promise<AdminClient> {
  const socket = connect(`${server.url}/admin`, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
  onTestFinished(() => void socket.disconnect());
  const received: AdminSnapshot[] = [];
  socket.on('adminSnapshot', (snapshot: AdminSnapshot) => received.push(snapshot));
  const snapshot = (where: (s: AdminSnapshot) => boolean = () => true): Promise<AdminSnapshot> =>
    new Promise((resolve) => {
      const look = (): void => {
        const found = received.find(where);
        if (found) resolve(found);
        else socket.once('adminSnapshot', () => setImmediate(look));
      };
      look();
    });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, snapshot }));
    socket.once('connect_error', reject);
  });
}

describe('the /admin namespace', () => {
  it('refuses a socket with no token, a malformed one, a forged one or an expired one', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
    const forged = socketTokens('another password!').issue();
    const expired = socketTokens(PASSWORD, () => Date.now() - 120_000).issue();
    for (const auth of [{}, { token: 42 }, { token: 'not a token' }, { token: forged }, { token: expired }]) {
      await expect(adminSocket(server, auth), JSON.stringify(auth)).rejects.toThrow(ADMIN_REFUSED);
    }
  });

  it('does not exist without ADMIN_PASSWORD', async () => {
    const server = await startServer();
    await expect(adminSocket(server, { token: socketTokens(PASSWORD).issue() })).rejects.toThrow('Invalid namespace');
  });

  it('lets in a socket with a token from GET /admin/token and sends it a snapshot at once', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD } });
    const admin = await adminSocket(server, { token: await tokenFrom(server) });
    const snapshot = await admin.snapshot();
    expect(snapshot).toMatchObject({
      upstream: { source: 'demo', state: 'live' },
      nodes: [{ id: expect.any(String), sockets: 0, leader: true }],
      sockets: 0,
      followedTerms: 0,
      ingest: null,
      bucketSeconds: 10,
    });
  });

  it('shows the figures moving as pages follow terms and posts flow', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD, intervalMs: 50 } });
    const admin = await adminSocket(server, { token: await tokenFrom(server) });
    const [cats, alsoCats, dogs] = [await server.client(), await server.client(), await server.client()];
    await request(cats, 'updateTerm', 'cats');
    await request(alsoCats, 'updateTerm', 'cats');
    await request(dogs, 'updateTerm', 'dogs');
    server.source.push('cats one');
    server.source.push('cats and dogs');
    // Totals are read as the snapshot is made, the history at the tick before it: wait for both
    const snapshot = await admin.snapshot((s) => s.totals.postsIn === 2 && s.posts.history.some((n) => n > 0));
    expect(snapshot.totals).toEqual({ postsIn: 2, matches: 3, deliveries: 5, skipped: 0 });
    expect(snapshot.sockets).toBe(3);
    expect(snapshot.followedTerms).toBe(2);
    expect(snapshot.topTerms).toEqual([
      { term: 'cats', lang: null, watchers: 2 },
      { term: 'dogs', lang: null, watchers: 1 },
    ]);
  });

  it('shows what the seams report: the nodes, this node as follower, and the push API', async () => {
    const ingest: IngestCounts = { accepted: 5, duplicates: 1, rejected: 2, unauthorised: 3, rateLimited: 4 };
    const nodes = [
      { id: 'node-a', sockets: 7, leader: true },
      { id: 'node-b', sockets: 3, leader: false },
    ];
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD, nodes: async () => nodes, leader: () => false, ingest: () => ingest } });
    const admin = await adminSocket(server, { token: await tokenFrom(server) });
    const snapshot = await admin.snapshot();
    expect(snapshot.nodes).toEqual(nodes);
    expect(snapshot.ingest).toEqual(ingest);
  });
});

describe('the /admin namespace guards', () => {
  it("charges a join to the connection's event budget, as the page namespace does", async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD }, limits: { eventBurst: 1, eventsPerSecond: 0.001 } });
    const token = await tokenFrom(server);
    // One Engine.IO connection: its one token goes to the page namespace, so the admin join is refused
    const page = connect(server.url, { transports: ['websocket'], reconnection: false });
    onTestFinished(() => void page.disconnect());
    await new Promise<void>((resolve) => page.once('connect', () => resolve()));
    const admin = page.io.socket('/admin', { auth: { token } });
    const refused = await new Promise<Error>((resolve) => admin.once('connect_error', resolve));
    expect(refused.message).toBe(CLIENT_ERRORS.tooFast);
  });

  it('counts an admin socket against its address', async () => {
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD }, limits: { maxConnectionsPerIp: 1 } });
    const token = await tokenFrom(server);
    await adminSocket(server, { token });
    // Refused at the handshake, which only counts connections that joined a namespace
    await expect(adminSocket(server, { token })).rejects.toThrow('websocket error');
  });
});

describe('adminFeed', () => {
  it(`never sends more than ${MAX_FEED_POSTS} posts in a second, and says how many came in`, async () => {
    // Ticks 20 times a second while posts pour in: the sampler, not the tick, sets the pace
    const server = await startServer(new ManualSource(), { admin: { password: PASSWORD, intervalMs: 50 } });
    const { socket } = await adminSocket(server, { token: await tokenFrom(server) });
    const feeds: AdminFeed[] = [];
    socket.on('adminFeed', (feed: AdminFeed) => feeds.push(feed));
    const started = Date.now();
    let pushed = 0;
    while (Date.now() - started < 1500) {
      for (let i = 0; i < 20; i += 1, pushed += 1) server.source.push(`post ${pushed}`);
      await settle(5);
    }
    await settle(100);
    const elapsed = Date.now() - started;
    const shown = feeds.reduce((sum, feed) => sum + feed.posts.length, 0);
    expect(feeds.reduce((sum, feed) => sum + feed.seen, 0)).toBe(pushed);
    expect(shown).toBeGreaterThan(0);
    // At most MAX_FEED_POSTS in any second, so at most that many per started second of the run
    expect(shown).toBeLessThanOrEqual(MAX_FEED_POSTS * Math.ceil(elapsed / 1000));
    for (const feed of feeds) expect(feed.posts.length).toBeLessThanOrEqual(MAX_FEED_POSTS);
  });
});
