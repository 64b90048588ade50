// Keeps a slow reader from growing server memory. Posts wait in the Engine.IO
// socket's write buffer while the transport is busy; a client that stops reading
// keeps it busy for good. So each socket's buffer holds at most `maxQueued` packets:
// past that the OLDEST queued post is dropped (a live feed wants the newest), the drop
// is counted, and once the buffer drains the page is told how many posts it missed.
//
// Healthy clients never reach the bound, so they lose nothing and pay one length check
// per packet. Control packets (pings, acks, status) are never dropped, so a client that
// stays stuck is still disconnected by the heartbeat as usual.
import type { StreamSocket } from '../contract/io.ts';

// Events that carry posts and may be dropped; `tweetBatch` carries an array of posts.
const DROPPABLE = /^2\["(tweets|tweetBatch)",/;

interface QueuedPacket {
  type: string;
  data?: unknown;
}

export interface SlowConsumerGuard {
  /** Posts dropped and not yet reported to the page. */
  readonly unreported: number;
}

export function guardSlowConsumer(socket: StreamSocket, maxQueued: number): SlowConsumerGuard {
  const conn = socket.conn;
  let skipped = 0;

  // Runs just before each packet joins the buffer: make room by dropping the oldest post
  conn.on('packetCreate', () => {
    const buffer = writeBuffer(conn);
    if (buffer.length < maxQueued) return;
    const oldest = buffer.findIndex(isPost);
    if (oldest === -1) return;
    skipped += postsIn(buffer[oldest]!);
    buffer.splice(oldest, 1);
  });

  // The buffer went out: the page can hear us again
  conn.on('drain', () => {
    if (skipped === 0 || !socket.connected) return;
    const count = skipped;
    skipped = 0;
    socket.emit('postsSkipped', count);
  });

  return {
    get unreported() {
      return skipped;
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
