// lib/guards/slow-consumer.ts: every packet waiting for a socket counts. Posts have their
// own budget and the oldest goes first; over the packet or byte cap posts go first, then
// the connection; control packets are never dropped; the page hears what it missed.
// Then the whole story on a real server: a client whose TCP socket is paused cannot
// grow server memory, a healthy client on the same term keeps every post, and the slow
// one is told how many it missed once it reads again.
import { EventEmitter } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Socket as NetSocket } from 'node:net';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamSocket } from '../../../lib/contract/io.ts';
import { guardSlowConsumer, type QueueLimits } from '../../../lib/guards/slow-consumer.ts';
import { ackOf, rawSocket } from '../../helpers/raw-socket.ts';
import { request, startServer, stillServes, type TestServer } from '../../helpers/server.ts';
import { ManualSource } from '../../helpers/manual-source.ts';

const POSTS = 20_000; // pushed while the slow client is paused
const BATCH = 50; // posts pushed between waits for the healthy client
const POST_TEXT = `slow ${'x'.repeat(4_000)}`; // ~4 KB, so 20,000 unbounded posts would be ~80 MB
const MAX_QUEUED = 100;
const HEAP_BOUND = 40 * 1024 * 1024; // bytes of heap growth allowed while the slow client is stuck

// The heap is measured after a full collection, so garbage from the healthy client's
// traffic is not counted as the stuck one's queue (Node 24 collected later than 20 and
// went over the bound on garbage alone). --expose-gc set at run time gives `gc`.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

interface Packet {
  type: string;
  data?: string;
  options?: unknown;
}

const post = (text: string): Packet => ({ type: 'message', data: `2["tweets",{"text":"${text}"}]` });
const batch = (size: number): Packet => ({ type: 'message', data: `2["tweetBatch",${JSON.stringify(Array.from({ length: size }, () => ({})))}]` });
const status = (): Packet => ({ type: 'message', data: '2["status",{"source":"demo","state":"live"}]' });
const ack = (): Packet => ({ type: 'message', data: '31[{"data":{"paused":true}}]' });
const ping = (): Packet => ({ type: 'ping' });

const ROOMY: QueueLimits = { maxPosts: 1_000, maxPackets: 10_000, maxBytes: 10_000_000 };

/**
 * A socket whose Engine.IO connection queues packets the way engine.io 6 does, by hand:
 * 'packetCreate', then the push; a flush emits 'flush' with the buffer, swaps in an
 * empty one, hands the batch over and emits 'drain'. The transport is busy (a stuck reader) unless
 * a test says otherwise.
 */
function guarded(limits: Partial<QueueLimits>, onSkipped?: (posts: number) => void) {
  const terminate = vi.fn();
  const close = vi.fn();
  const conn = Object.assign(new EventEmitter(), {
    writeBuffer: [] as Packet[],
    transport: { name: 'websocket', writable: false, socket: { terminate } },
    remoteAddress: '127.0.0.1',
    close,
  });
  const emitted: unknown[][] = [];
  const socket = { conn, connected: true, emit: (...args: unknown[]) => emitted.push(args) };
  const guard = guardSlowConsumer(socket as unknown as StreamSocket, { ...ROOMY, ...limits }, undefined, onSkipped);
  const queue = (...packets: Packet[]) => {
    for (const packet of packets) {
      conn.emit('packetCreate', packet);
      conn.writeBuffer.push(packet);
    }
  };
  /** What the transport would be handed now. */
  const flush = (): Packet[] => {
    conn.emit('flush', conn.writeBuffer);
    const sent = conn.writeBuffer;
    conn.writeBuffer = [];
    conn.emit('drain');
    return sent;
  };
  return { guard, queue, flush, conn, socket, emitted, close, terminate };
}

describe('guardSlowConsumer', () => {
  it('leaves a queue under the bounds alone', () => {
    const { guard, queue, flush } = guarded({ maxPosts: 3 });
    queue(post('a'), post('b'), post('c'));
    expect(guard.waiting).toBe(3);
    expect(flush()).toEqual([post('a'), post('b'), post('c')]);
    expect(guard.unreported).toBe(0);
  });

  it('drops the oldest post past maxPosts, never a control packet', () => {
    const { guard, queue, flush } = guarded({ maxPosts: 2 });
    queue(status(), post('old'), ack(), post('mid'), post('new'));
    expect(guard.unreported).toBe(1);
    expect(flush()).toEqual([status(), ack(), post('mid'), post('new')]);
  });

  // The guard used to hold one budget for all packets, so a ping or a status took a
  // post's place. Posts now have their own budget; a control packet costs a post only
  // when the whole queue is over its packet or byte cap.
  it('does not drop a post for a control packet while the queue is under its caps', () => {
    const { guard, queue, flush } = guarded({ maxPosts: 2, maxPackets: 10 });
    queue(post('a'), post('b'), ping(), status());
    expect(guard.unreported).toBe(0);
    expect(flush()).toEqual([post('a'), post('b'), ping(), status()]);
  });

  it('counts every post in a dropped batch', () => {
    const { guard, queue } = guarded({ maxPosts: 1 });
    queue(batch(7), post('next'));
    expect(guard.unreported).toBe(7);
  });

  it('tells onSkipped how many posts each drop cost, for the admin view and /metrics', () => {
    const heard: number[] = [];
    const { queue } = guarded({ maxPosts: 1 }, (posts) => heard.push(posts));
    queue(batch(7), post('a'), post('b'));
    expect(heard).toEqual([7, 1]);
  });

  it('over maxPackets drops posts first, oldest first, then closes the connection', async () => {
    const { guard, queue, flush, close, terminate } = guarded({ maxPosts: 5, maxPackets: 4 });
    queue(post('a'), ack(), post('b'), status());
    queue(ping()); // five waiting: the oldest post makes room
    expect(guard.unreported).toBe(1);
    queue(ack()); // and the next one
    expect(guard.unreported).toBe(2);
    expect(guard.waiting).toBe(4);
    queue(status()); // no post left to drop
    expect(close).not.toHaveBeenCalled(); // not inside the emit that is running
    await new Promise(process.nextTick);
    expect(close).toHaveBeenCalledExactlyOnceWith(true);
    expect(terminate).toHaveBeenCalledOnce();
    expect(flush().filter((packet) => packet.type !== 'noop')).toEqual([ack(), status(), ping(), ack(), status()]);
  });

  it('over maxBytes drops posts first, then closes the connection', async () => {
    const { guard, queue, close } = guarded({ maxBytes: 200 });
    queue(post('x'.repeat(100)), ack()); // 123 + 28 bytes
    queue(post('y'.repeat(40))); // + 63 = 214: the oldest post goes
    expect(guard.unreported).toBe(1);
    expect(guard.waitingBytes).toBe(91);
    queue(status(), status(), status()); // 44 each: the third is over, and the last post goes
    expect(guard.unreported).toBe(2);
    expect(close).not.toHaveBeenCalled();
    queue(status()); // over with no post left
    await new Promise(process.nextTick);
    expect(close).toHaveBeenCalledExactlyOnceWith(true);
  });

  it('closes once, and counts nothing more once closing', async () => {
    const { guard, queue, close } = guarded({ maxPackets: 2 });
    queue(ack(), ack(), ack(), ack(), ack());
    expect(guard.waiting).toBe(3);
    await new Promise(process.nextTick);
    expect(close).toHaveBeenCalledOnce();
  });

  it('never counts a packet that leaves at once, on a writable transport', () => {
    const { guard, queue, conn, close } = guarded({ maxPosts: 1, maxPackets: 2, maxBytes: 65_536 });
    conn.transport.writable = true;
    queue(post('a'), post('b'), batch(500), ack(), ack(), ack());
    expect(guard.waiting).toBe(0);
    expect(guard.unreported).toBe(0);
    expect(close).not.toHaveBeenCalled();
  });

  it('keeps the buffer itself bounded while a stuck reader is sent posts for ever', () => {
    const { guard, queue, flush, conn } = guarded({ maxPosts: 100 });
    let longest = 0;
    for (let i = 0; i < 100_000; i += 1) {
      queue(post(`p${i}`));
      longest = Math.max(longest, conn.writeBuffer.length);
    }
    // Dropped posts wait as empty noops until swept, once they outnumber the live ones
    expect(longest).toBeLessThanOrEqual(2 * 100 + 64 + 1);
    expect(guard.unreported).toBe(100_000 - 100);
    const sent = flush();
    expect(sent).toHaveLength(100);
    expect(sent[0]).toEqual(post('p99900'));
  });

  it('starts counting afresh after each flush', () => {
    const { guard, queue, flush } = guarded({ maxPosts: 2 });
    queue(post('a'), post('b'), ack());
    flush();
    expect([guard.waiting, guard.waitingBytes]).toEqual([0, 0]);
    queue(post('c'), post('d'));
    expect(guard.unreported).toBe(0);
  });

  it('tells the page how many it missed once the queue goes out, and only once', async () => {
    const { guard, queue, flush, emitted } = guarded({ maxPosts: 1 });
    queue(post('a'), post('b'), post('c'));
    flush();
    expect(emitted).toEqual([]); // not from inside engine.io's flush
    await new Promise(process.nextTick);
    flush();
    await new Promise(process.nextTick);
    expect(emitted).toEqual([['postsSkipped', 2]]);
    expect(guard.unreported).toBe(0);
  });

  it('says nothing on a flush with nothing missed, or to a socket already gone', async () => {
    const { queue, flush, socket, emitted, guard } = guarded({ maxPosts: 1 });
    flush();
    queue(post('a'), post('b'));
    socket.connected = false;
    flush();
    await new Promise(process.nextTick);
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
    // Posts waiting (a dropped post waits as an empty `noop` until it is swept out)
    const queued = () => (slowConn as unknown as { writeBuffer: Packet[] }).writeBuffer.filter((p) => p.data?.startsWith('2["tweets",')).length;
    const heapBefore = heapAfterGc();
    let maxQueued = 0;
    for (let sent = 0; sent < POSTS; sent += BATCH) {
      for (let i = 0; i < BATCH; i += 1) server.source.push(POST_TEXT);
      maxQueued = Math.max(maxQueued, queued());
      await vi.waitFor(() => expect(healthyCount).toBe(sent + BATCH), { interval: 1 });
    }
    const heapGrowth = heapAfterGc() - heapBefore;

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
