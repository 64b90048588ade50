// lib/guards/slow-consumer.ts: a socket's queue holds at most `maxQueued` packets, the
// oldest post goes first, control packets never do, and the page hears what it missed.
// Then the whole story on a real server: a client whose TCP socket is paused cannot
// grow server memory, a healthy client on the same term keeps every post, and the slow
// one is told how many it missed once it reads again.
import { EventEmitter } from 'node:events';
import type { Socket as NetSocket } from 'node:net';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamSocket } from '../../../lib/contract/io.ts';
import { guardSlowConsumer } from '../../../lib/guards/slow-consumer.ts';
import { ackOf, rawSocket } from '../../helpers/raw-socket.ts';
import { request, startServer, stillServes, type TestServer } from '../../helpers/server.ts';
import { ManualSource } from '../../helpers/manual-source.ts';

const POSTS = 20_000; // pushed while the slow client is paused
const BATCH = 50; // posts pushed between waits for the healthy client
const POST_TEXT = `slow ${'x'.repeat(4_000)}`; // ~4 KB, so 20,000 unbounded posts would be ~80 MB
const MAX_QUEUED = 100;
const HEAP_BOUND = 40 * 1024 * 1024; // bytes of heap growth allowed while the slow client is stuck

interface Packet {
  type: string;
  data?: string;
}

const post = (text: string): Packet => ({ type: 'message', data: `2["tweets",{"text":"${text}"}]` });
const batch = (size: number): Packet => ({ type: 'message', data: `2["tweetBatch",${JSON.stringify(Array.from({ length: size }, () => ({})))}]` });
const status: Packet = { type: 'message', data: '2["status",{"source":"demo","state":"live"}]' };
const ack: Packet = { type: 'message', data: '31[{"data":{"paused":true}}]' };
const ping: Packet = { type: 'ping' };

/** A socket whose Engine.IO connection queues packets the way engine.io does, by hand. */
function guarded(maxQueued: number) {
  const conn = Object.assign(new EventEmitter(), { writeBuffer: [] as Packet[] });
  const emitted: unknown[][] = [];
  const socket = { conn, connected: true, emit: (...args: unknown[]) => emitted.push(args) };
  const guard = guardSlowConsumer(socket as unknown as StreamSocket, maxQueued);
  const queue = (...packets: Packet[]) => {
    for (const packet of packets) {
      conn.emit('packetCreate', packet);
      conn.writeBuffer.push(packet);
    }
  };
  const drain = () => {
    conn.writeBuffer.length = 0;
    conn.emit('drain');
  };
  return { guard, queue, drain, buffer: conn.writeBuffer, socket, emitted };
}

describe('guardSlowConsumer', () => {
  it('leaves a queue under the bound alone', () => {
    const { guard, queue, buffer } = guarded(3);
    queue(post('a'), post('b'), post('c'));
    expect(buffer).toHaveLength(3);
    expect(guard.unreported).toBe(0);
  });

  it('drops the oldest post to make room, never a control packet', () => {
    const { guard, queue, buffer } = guarded(3);
    queue(status, post('old'), ack, post('new'));
    expect(buffer).toEqual([status, ack, post('new')]);
    expect(guard.unreported).toBe(1);
    // A control packet needs room too, and a post gives it up
    queue(ping);
    expect(buffer).toEqual([status, ack, ping]);
    expect(guard.unreported).toBe(2);
  });

  it('counts every post in a dropped batch', () => {
    const { guard, queue } = guarded(1);
    queue(batch(7), post('next'));
    expect(guard.unreported).toBe(7);
  });

  it('lets control packets pass the bound when no post is left to drop', () => {
    const { guard, queue, buffer } = guarded(2);
    queue(status, ack, ping, status);
    expect(buffer).toHaveLength(4);
    expect(guard.unreported).toBe(0);
  });

  it('tells the page how many it missed once the queue drains, and only once', () => {
    const { guard, queue, drain, emitted } = guarded(1);
    queue(post('a'), post('b'), post('c'));
    drain();
    drain();
    expect(emitted).toEqual([['postsSkipped', 2]]);
    expect(guard.unreported).toBe(0);
  });

  it('says nothing on a drain with nothing missed, or to a socket already gone', () => {
    const { queue, drain, socket, emitted, guard } = guarded(1);
    drain();
    queue(post('a'), post('b'));
    socket.connected = false;
    drain();
    expect(emitted).toEqual([]);
    expect(guard.unreported).toBe(1);
  });
});

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
