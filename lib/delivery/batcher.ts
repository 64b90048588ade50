// Opt-in batched delivery: a socket that asks for `batchMs` in its handshake joins a
// batch room beside the term's plain room, and gets one `tweetBatch` per window with
// that window's posts in order, serialised once per room, not once per socket.
//
// Only rooms hold the audience, so a socket that leaves its batch room (stopStream,
// a new term, a disconnect) is gone from the very next flush: no pending post can
// reach it after its ack.
import type { Post } from '../contract/events.ts';
import type { StreamServer } from '../contract/io.ts';
import type { Activity } from './activity.ts';
import { batchWindowOf, termKeyOf } from './rooms.ts';

export const MAX_BATCH_POSTS = 500; // posts held per room before a window is flushed early

interface BatchRoom {
  name: string;
  posts: Post[];
}

/** One pending flush per window length; every room of that length that has posts rides it. */
interface Window {
  timer: NodeJS.Timeout | null;
  dirty: Set<BatchRoom>;
}

export class Batcher {
  readonly #io: StreamServer;
  readonly #byTerm = new Map<string, Map<number, BatchRoom>>(); // term key -> window ms -> room
  readonly #windows = new Map<number, Window>();
  readonly #activity: Activity | undefined;

  /** `activity`, when given, counts each post of a flushed batch once per socket in its room. */
  constructor(io: StreamServer, activity?: Activity) {
    this.#io = io;
    this.#activity = activity;
    const adapter = io.of('/').adapter;
    adapter.on('create-room', (room: string) => this.#opened(room));
    adapter.on('delete-room', (room: string) => this.#closed(room));
  }

  /** The batch rooms of a term, one per window length in use. */
  roomsOf(termKey: string): string[] {
    return Array.from(this.#byTerm.get(termKey)?.values() ?? [], (room) => room.name);
  }

  /** Queues a matched post for every batch room of its term. */
  push(termKey: string, post: Post): void {
    const rooms = this.#byTerm.get(termKey);
    if (!rooms) return;
    for (const [ms, room] of rooms) {
      room.posts.push(post);
      if (room.posts.length >= MAX_BATCH_POSTS) {
        this.#windows.get(ms)?.dirty.delete(room);
        this.#flush(room);
        continue;
      }
      this.#schedule(ms, room);
    }
  }

  /**
   * Sends a batch room's pending posts now, ahead of its window. A socket about to join
   * the room with a replay calls this first: the replay covers everything up to the join,
   * so the pending posts must reach the room's present members only.
   */
  flush(name: string): void {
    const ms = batchWindowOf(name);
    const room = ms === null ? undefined : this.#byTerm.get(termKeyOf(name))?.get(ms);
    if (!room) return;
    this.#windows.get(ms!)?.dirty.delete(room);
    this.#flush(room);
  }

  #schedule(ms: number, room: BatchRoom): void {
    let window = this.#windows.get(ms);
    if (!window) {
      window = { timer: null, dirty: new Set() };
      this.#windows.set(ms, window);
    }
    window.dirty.add(room);
    window.timer ??= setTimeout(() => this.#tick(ms), ms);
  }

  #tick(ms: number): void {
    const window = this.#windows.get(ms);
    if (!window) return;
    this.#windows.delete(ms);
    for (const room of window.dirty) this.#flush(room);
  }

  #flush(room: BatchRoom): void {
    if (room.posts.length === 0) return;
    const posts = room.posts;
    room.posts = [];
    if (this.#activity) this.#activity.deliveries += posts.length * (this.#io.of('/').adapter.rooms.get(room.name)?.size ?? 0);
    this.#io.local.to(room.name).emit('tweetBatch', posts); // local: every cluster node batches its own
  }

  #opened(name: string): void {
    const ms = batchWindowOf(name);
    if (ms === null) return;
    const termKey = termKeyOf(name);
    const rooms = this.#byTerm.get(termKey) ?? new Map<number, BatchRoom>();
    rooms.set(ms, { name, posts: [] });
    this.#byTerm.set(termKey, rooms);
  }

  #closed(name: string): void {
    const ms = batchWindowOf(name);
    if (ms === null) return;
    const termKey = termKeyOf(name);
    const rooms = this.#byTerm.get(termKey);
    const room = rooms?.get(ms);
    if (!rooms || !room) return;
    // Nobody is left to receive what was pending, so it is dropped with the room.
    rooms.delete(ms);
    if (rooms.size === 0) this.#byTerm.delete(termKey);
    const window = this.#windows.get(ms);
    window?.dirty.delete(room);
    if (window && window.dirty.size === 0) {
      if (window.timer) clearTimeout(window.timer);
      this.#windows.delete(ms);
    }
  }
}
