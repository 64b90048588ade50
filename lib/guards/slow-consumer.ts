// Bounds what waits for one connection. Everything the server sends a socket (posts,
// acks, `updatedTerm`, errors, stats, pings) waits in its Engine.IO write buffer while
// the transport is busy, and a client that stops reading keeps it busy for good; if it
// still answers pings, the heartbeat never closes it. So every waiting packet counts:
//  - posts (`tweets`, `tweetBatch`) have their own budget, `maxPosts` messages: past it
//    the OLDEST post is dropped (a live feed wants the newest), and once the buffer goes
//    out the page is told how many posts it missed;
//  - every packet counts against `maxPackets` and `maxBytes`: over either, posts are
//    dropped first, oldest first, and if that is not enough the connection is closed.
// The counts are kept as packets arrive and leave, so a packet costs O(1) amortised
// however long the queue is, and a healthy client, whose transport is writable, pays
// one property read per packet.
//
// How engine.io 6 (build/socket.js) moves a packet: `sendPacket` emits 'packetCreate',
// pushes the packet on `writeBuffer` and flushes. A flush runs only while the transport
// is writable: it emits 'flush' with the buffer, swaps in an empty one and hands the
// whole batch to the transport (then emits 'drain', which means no more than that). The
// transport stays unwritable until the network has taken the batch, and every packet
// created meanwhile waits in the buffer. The guard listens to 'packetCreate' and 'flush'
// only: two calls per packet, as many as when it counted posts alone.
import { hangUp } from './hang-up.ts';
import type { StreamSocket } from '../contract/io.ts';
import type { Logger } from '../support/logger.ts';

// Events that carry posts and may be dropped; `tweetBatch` carries an array of posts.
const DROPPABLE = /^2\["(tweets|tweetBatch)",/;
const MIN_SWEEP = 64; // dropped packets left in the buffer before it is worth sweeping them out

/** An Engine.IO packet as it sits in the write buffer. */
interface QueuedPacket {
  type: string;
  data?: unknown;
  options?: unknown;
}

export interface QueueLimits {
  maxPosts: number; // post messages waiting before the oldest is dropped (MAX_QUEUED_POSTS)
  maxPackets: number; // packets of any kind waiting before the connection is closed (MAX_QUEUED_PACKETS)
  maxBytes: number; // payload bytes waiting before the connection is closed (MAX_QUEUED_BYTES)
}

export interface SlowConsumerGuard {
  /** Posts dropped and not yet reported to the page. */
  readonly unreported: number;
  /** Packets waiting for this connection, as counted (dropped ones excluded). */
  readonly waiting: number;
  /** Their payload bytes. */
  readonly waitingBytes: number;
}

/** `onSkipped`, when given, hears how many posts each drop cost (the admin view and /metrics count them). */
export function guardSlowConsumer(socket: StreamSocket, limits: QueueLimits, logger?: Logger, onSkipped?: (posts: number) => void): SlowConsumerGuard {
  const conn = socket.conn;
  let skipped = 0; // posts dropped since the page was last told
  let waiting = 0; // live packets in the buffer
  let bytes = 0; // their payload bytes
  let stale = 0; // dropped packets still in the buffer, until swept
  const posts: Array<QueuedPacket | undefined> = []; // the live posts in the buffer, oldest at `head`
  let head = 0;
  let closing = false;
  let noticeDue = false; // a postsSkipped notice is scheduled

  const dropOldestPost = () => {
    const post = posts[head]!;
    posts[head] = undefined; // let it go now; the slot goes at the next trim
    head += 1;
    const lost = postsIn(post);
    skipped += lost;
    onSkipped?.(lost);
    waiting -= 1;
    bytes -= sizeOf(post);
    stale += 1;
    // Dropped in place: a dropped post becomes an Engine.IO `noop` that holds nothing,
    // swept out of the buffer below. A noop that did reach the wire would be ignored.
    post.type = 'noop';
    post.data = undefined;
    post.options = {};
    if (head > MIN_SWEEP && head * 2 > posts.length) {
      posts.splice(0, head);
      head = 0;
    }
  };

  // Runs just before each packet joins the buffer
  conn.on('packetCreate', (packet: QueuedPacket) => {
    if (closing || conn.transport.writable) return; // it leaves with this very flush
    if (stale >= MIN_SWEEP && stale > waiting) sweep(writeBuffer(conn)); // O(queue) once every `queue` drops
    waiting += 1;
    bytes += sizeOf(packet);
    if (isPost(packet)) posts.push(packet);
    while (posts.length - head > limits.maxPosts) dropOldestPost();
    while ((waiting > limits.maxPackets || bytes > limits.maxBytes) && head < posts.length) dropOldestPost();
    if (waiting <= limits.maxPackets && bytes <= limits.maxBytes) return;

    // Still over with every post gone: this client is not reading, and will not read a
    // close frame either. Closed on the next tick, not inside the emit or broadcast that
    // is running now, whose loop would see this socket's disconnect handlers mid-way.
    closing = true;
    logger?.warn({ waiting, bytes, address: conn.remoteAddress }, 'closed a connection that stopped reading');
    process.nextTick(() => hangUp(conn));
  });

  // The whole buffer is about to go to the transport: sweep out what was dropped, start
  // counting again, and tell the page what it missed. The notice waits a tick: a packet
  // sent from inside engine.io's flush would start a second flush within the first.
  conn.on('flush', (buffer: QueuedPacket[]) => {
    if (waiting === 0 && stale === 0 && skipped === 0) return; // the usual case, one packet on a writable transport
    if (stale > 0) sweep(buffer);
    waiting = 0;
    bytes = 0;
    posts.length = 0;
    head = 0;
    if (skipped > 0 && !noticeDue) {
      noticeDue = true;
      process.nextTick(tellSkipped);
    }
  });

  const tellSkipped = () => {
    noticeDue = false;
    if (skipped === 0 || !socket.connected) return;
    const count = skipped;
    skipped = 0;
    socket.emit('postsSkipped', count);
  };

  /** Removes the dropped packets from the buffer in place: the same array engine.io holds. */
  function sweep(buffer: QueuedPacket[]): void {
    let kept = 0;
    for (const packet of buffer) if (packet.type !== 'noop') buffer[kept++] = packet;
    buffer.length = kept;
    stale = 0;
  }

  return {
    get unreported() {
      return skipped;
    },
    get waiting() {
      return waiting;
    },
    get waitingBytes() {
      return bytes;
    },
  };
}

// The buffer is private in engine.io's typings, but engine.io hands it out in its own
// 'flush' event, and Socket.IO's `volatile` flag relies on the same bookkeeping.
function writeBuffer(conn: StreamSocket['conn']): QueuedPacket[] {
  return (conn as unknown as { writeBuffer: QueuedPacket[] }).writeBuffer;
}

function isPost(packet: QueuedPacket): boolean {
  return packet.type === 'message' && typeof packet.data === 'string' && DROPPABLE.test(packet.data);
}

function sizeOf(packet: QueuedPacket): number {
  const { data } = packet;
  if (typeof data === 'string') return Buffer.byteLength(data);
  return (data as { byteLength?: number } | undefined)?.byteLength ?? 0;
}

function postsIn(packet: QueuedPacket): number {
  const data = packet.data as string;
  if (data.startsWith('2["tweets",')) return 1;
  try {
    const [, posts] = JSON.parse(data.slice(1)) as [string, unknown];
    return Array.isArray(posts) ? posts.length : 1;
  } catch {
    return 1;
  }
}
