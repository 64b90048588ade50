// Caps how fast one connection may send, whatever it sends. The budget belongs to the
// Engine.IO connection (`socket.conn`), not to the namespace join, so leaving and
// re-joining (`41` then `40`) starts no fresh bucket, and each join costs a token too.
//
// A packet over the rate is dropped before any handler runs. The first refusals in a
// window are answered "too fast" (through the ack, or once by `inputError`); past that the
// sender has heard it, so its packets are dropped silently rather than each costing an
// answer; and a connection refused `refusalsBeforeClose` times in a window is closed.
import { hangUp, type Closable } from './hang-up.ts';
import { CLIENT_ERRORS } from '../contract/errors.ts';
import type { StreamSocket } from '../contract/io.ts';
import { TokenBucket, type MonotonicNow } from './token-bucket.ts';

export interface FloodLimits {
  burst: number; // events accepted at once
  perSecond: number; // events accepted per second after the burst
  refusalsBeforeClose: number; // refusals within one REFUSAL_WINDOW_MS that close the connection
}

export const REFUSAL_WINDOW_MS = 10_000; // refusals are counted afresh in each window this long
export const ANSWERED_REFUSALS = 10; // refusals per window that are answered; the rest are dropped silently

/** The part of an Engine.IO connection this guard keys on and closes. */
type Connection = Closable;

/** What a namespace socket shows this guard: its connection, its middleware, its voice. */
type GuardedSocket = Pick<StreamSocket, 'use' | 'emit'> & { conn: Connection };

export interface FloodGuard {
  /** Meters every packet of a socket against its connection's budget. */
  guard(socket: GuardedSocket): void;
  /** For a namespace join: true when the connection may join; a join costs one token. */
  admitJoin(conn: Connection): boolean;
}

interface Budget {
  bucket: TokenBucket;
  windowStart: number;
  refusals: number; // in the current window
  told: boolean; // "too fast" was said by inputError since the last accepted packet
}

export function createFloodGuard({ burst, perSecond, refusalsBeforeClose }: FloodLimits, now: MonotonicNow = () => performance.now()): FloodGuard {
  // Weakly held: a budget lives exactly as long as its connection
  const budgets = new WeakMap<Connection, Budget>();
  const budgetOf = (conn: Connection): Budget => {
    let budget = budgets.get(conn);
    if (!budget) {
      budget = { bucket: new TokenBucket(burst, perSecond, now), windowStart: now(), refusals: 0, told: false };
      budgets.set(conn, budget);
    }
    return budget;
  };

  /** Counts one refusal; says whether it should still be answered, and closes a persistent flooder. */
  const refuse = (conn: Connection, budget: Budget): 'answer' | 'silent' | 'closed' => {
    const at = now();
    if (at - budget.windowStart >= REFUSAL_WINDOW_MS) {
      budget.windowStart = at;
      budget.refusals = 0;
    }
    budget.refusals += 1;
    if (budget.refusals >= refusalsBeforeClose) {
      hangUp(conn); // at once, discarding what waits to be sent to it, TCP socket and all
      return 'closed';
    }
    return budget.refusals <= ANSWERED_REFUSALS ? 'answer' : 'silent';
  };

  return {
    guard(socket) {
      const { conn } = socket;
      socket.use((packet, next) => {
        const budget = budgetOf(conn);
        if (budget.bucket.take()) {
          budget.told = false;
          return next();
        }
        if (refuse(conn, budget) !== 'answer') return;
        const ack = packet.at(-1);
        if (typeof ack === 'function') ack({ error: CLIENT_ERRORS.tooFast });
        else if (!budget.told) socket.emit('inputError', CLIENT_ERRORS.tooFast);
        budget.told = true;
      });
    },
    admitJoin(conn) {
      const budget = budgetOf(conn);
      if (budget.bucket.take()) return true;
      refuse(conn, budget);
      return false;
    },
  };
}
