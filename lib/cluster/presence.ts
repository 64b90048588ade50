// This node's heartbeat and its view of the whole cluster. Every heartbeat it writes its
// own presence record and reads everyone's, so each node knows the live nodes, the union
// of the terms they follow (the leader follows that upstream) and each term's viewers
// across nodes. A local change is written soon rather than at the next heartbeat.
import { EventEmitter } from 'node:events';
import type { NodePresence, PresenceBoard } from './presence-board.ts';
import type { Logger } from '../support/logger.ts';

export const SOON_MS = 100; // ms from a local change (or another node's) to the next write and read

export type LocalRecord = () => Omit<NodePresence, 'id' | 'at'>;

export interface PresenceEvents {
  /** A fresh view of the cluster was read; `terms` are the term keys whose count elsewhere changed. */
  change: [terms: string[]];
  /** This node's own change reached Redis: the other nodes may want to read it now. */
  published: [];
  /** Redis became unreachable (false) or reachable again (true). */
  reachable: [reachable: boolean];
}

export interface PresenceOptions {
  board: PresenceBoard;
  nodeId: string;
  heartbeatMs: number;
  local: LocalRecord;
  logger: Logger;
}

export class Presence extends EventEmitter<PresenceEvents> {
  readonly #opts: PresenceOptions;
  #nodes: NodePresence[] = [];
  #remote = new Map<string, number>(); // term key -> viewers on the other nodes
  #reachable = true;
  #running = false;
  #timer: NodeJS.Timeout | null = null;
  #due = Infinity; // ms when #timer fires
  #changed = false; // a local change waits to be written
  #beating: Promise<void> | null = null;

  constructor(opts: PresenceOptions) {
    super();
    this.#opts = opts;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops the heartbeat and removes this node's record, so its viewers leave the sums at once. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#beating;
    await this.#opts.board.remove(this.#opts.nodeId);
  }

  /** Something this node publishes changed (a term, a viewer count): write it soon. */
  changed(): void {
    this.#changed = true;
    this.#schedule(SOON_MS);
  }

  /** Another node changed: read the cluster again soon. */
  refresh(): void {
    this.#schedule(SOON_MS);
  }

  /** The live nodes at the last read, this one included. */
  nodes(): readonly NodePresence[] {
    return this.#nodes;
  }

  /** The node that holds the upstream, at the last read (the newest record, while a dead leader's has yet to expire). */
  leader(): NodePresence | null {
    let newest: NodePresence | null = null;
    for (const node of this.#nodes) if (node.leader && (!newest || node.at > newest.at)) newest = node;
    return newest;
  }

  /** Every term some live node follows, this one included. */
  termUnion(): Set<string> {
    const union = new Set<string>();
    for (const node of this.#nodes) for (const termKey of Object.keys(node.terms)) union.add(termKey);
    return union;
  }

  /** Viewers of a term on the other nodes (this node counts its own live). */
  remoteWatchers(termKey: string): number {
    return this.#remote.get(termKey) ?? 0;
  }

  /** Whether the last heartbeat reached Redis. */
  get reachable(): boolean {
    return this.#reachable;
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    const due = Date.now() + delayMs;
    if (this.#timer && this.#due <= due) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#due = Infinity;
      this.#beating = this.#beat().finally(() => {
        this.#beating = null;
        this.#schedule(this.#opts.heartbeatMs);
      });
    }, delayMs);
  }

  async #beat(): Promise<void> {
    const { board, nodeId, local, logger } = this.#opts;
    const wasChanged = this.#changed;
    this.#changed = false;
    try {
      await board.publish({ ...local(), id: nodeId, at: Date.now() });
      const nodes = await board.readAll();
      this.#setReachable(true);
      this.#apply(nodes);
      if (wasChanged) this.emit('published');
    } catch (err) {
      this.#changed ||= wasChanged;
      if (this.#reachable) logger.warn({ err: (err as Error).message }, 'presence heartbeat failed; retrying');
      this.#setReachable(false);
    }
  }

  #apply(nodes: NodePresence[]): void {
    const remote = new Map<string, number>();
    for (const node of nodes) {
      if (node.id === this.#opts.nodeId) continue;
      for (const [termKey, count] of Object.entries(node.terms)) {
        if (Number.isFinite(count)) remote.set(termKey, (remote.get(termKey) ?? 0) + count);
      }
    }
    const changed = new Set<string>();
    for (const [termKey, count] of remote) if (this.#remote.get(termKey) !== count) changed.add(termKey);
    for (const termKey of this.#remote.keys()) if (!remote.has(termKey)) changed.add(termKey);
    this.#nodes = nodes;
    this.#remote = remote;
    this.emit('change', [...changed]);
  }

  #setReachable(reachable: boolean): void {
    if (reachable === this.#reachable) return;
    this.#reachable = reachable;
    this.emit('reachable', reachable);
  }
}
