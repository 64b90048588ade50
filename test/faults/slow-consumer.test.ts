// Fault suite, slow consumer: a client whose TCP socket is paused cannot grow server
// memory, a healthy client on the same term keeps every post, and the slow one is told
// how many it missed once it reads again.
import type { Socket as NetSocket } from 'node:net';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ackOf, rawSocket } from '../helpers/raw-socket.ts';
import { request, startServer, stillServes, type TestServer } from '../helpers/server.ts';
import { ManualSource } from '../helpers/manual-source.ts';

const POSTS = 20_000; // pushed while the slow client is paused
const BATCH = 50; // posts pushed between waits for the healthy client
const POST_TEXT = `slow ${'x'.repeat(4_000)}`; // ~4 KB, so 20,000 unbounded posts would be ~80 MB
const MAX_QUEUED = 100;
const HEAP_BOUND = 40 * 1024 * 1024; // bytes of heap growth allowed while the slow client is stuck

let server: TestServer;
beforeEach(async () => {
  server = await startServer(new ManualSource(), { limits: { maxQueuedPosts: MAX_QUEUED } });
});

describe('a slow consumer', () => {
  it('is held to a bounded queue and told what it missed, while a healthy client gets every post', async () => {
    const healthy = await server.client();
    await request(healthy, 'updateTerm', 'slow');
    let healthyCount = 0;
    healthy.on('tweets', () => (healthyCount += 1));

    const slow = await rawSocket(server.url);
    slow.send('421["updateTerm","slow"]');
    await ackOf(slow, 1);
    const tcp = (slow.ws as unknown as { _socket: NetSocket })._socket;
    tcp.pause(); // stop reading: the kernel buffers fill, then the server's

    const slowConn = [...server.io.of('/').sockets.values()].find((s) => s.id !== healthy.id)!.conn;
    const queued = () => (slowConn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
    const heapBefore = process.memoryUsage().heapUsed;
    let maxQueued = 0;
    for (let sent = 0; sent < POSTS; sent += BATCH) {
      for (let i = 0; i < BATCH; i += 1) server.source.push(POST_TEXT);
      maxQueued = Math.max(maxQueued, queued());
      await vi.waitFor(() => expect(healthyCount).toBe(sent + BATCH), { interval: 1 });
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(healthyCount).toBe(POSTS); // full rate: nothing dropped for the healthy client
    expect(maxQueued).toBeLessThanOrEqual(MAX_QUEUED);
    expect(heapGrowth).toBeLessThan(HEAP_BOUND);

    // Reading again, the slow client gets what was kept plus a count of what was not
    tcp.resume();
    const notice = await slow.next((frame) => frame.startsWith('42["postsSkipped",'));
    const skipped = (JSON.parse(notice.slice(2)) as [string, number])[1];
    const received = slow.frames.filter((frame) => frame.startsWith('42["tweets",')).length;
    expect(skipped).toBeGreaterThan(0);
    expect(received + skipped).toBe(POSTS);
    slow.close();
    await stillServes(server);
  }, 120_000);
});
