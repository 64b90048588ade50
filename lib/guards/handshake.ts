// Decides who may open and keep a connection: browsers only from an allowed Origin, at
// most a set number of joined connections from one address, at most a set number of
// connections in the whole process, and no connection that never joins.
//
// Socket.IO's `cors` option sets response headers for polling but never stops a
// WebSocket upgrade, so the origin check lives in `allowRequest`, which runs for both.
//
// A request with no Origin at all is allowed: browsers always send one on a WebSocket
// and on cross-origin requests, but not on same-origin polling GETs, and non-browser
// clients (our tests, curl) send none. Such a client could forge any Origin anyway;
// the caps and the per-connection rate limit are what hold it back.
//
// A connection counts against its address only once it has joined the namespace (the
// Socket.IO CONNECT), and one that has not joined within `joinTimeoutMs` is closed: a
// bare polling GET (curl, or an `<img>` on someone else's page) costs nothing for long
// and cannot hold the slots of the people behind that address. Unjoined connections have
// their own, larger cap per address, so one address cannot fill the whole process either.
//
// Behind a reverse proxy every peer is the proxy, so the address counted is the client's
// as client-address.ts names it: forwarded addresses count only from a trusted proxy.
import type { IncomingMessage } from 'node:http';
import { clientAddress, compileTrust } from './client-address.ts';
import { allowsEmbed, type EmbedOrigins } from './embed-origins.ts';
import { canonicalOrigin } from './origins.ts';

export interface HandshakeLimits {
  allowedOrigins: readonly string[];
  embedOrigins?: EmbedOrigins; // other sites whose pages may open the widget's socket (EMBED_ORIGINS)
  maxConnectionsPerIp: number; // joined connections from one address (an IPv6 /64)
  maxConnections: number; // Engine.IO connections in the whole process, joined or not
  joinTimeoutMs: number; // how long a connection may stay open without a namespace join
  trustProxy?: readonly string[]; // proxies whose X-Forwarded-For names the client (none when absent)
}

/** The part of an Engine.IO connection this guard needs. */
interface EngineSocket {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
  close(discard?: boolean): unknown;
}

// Connections from one address that have not joined yet, for each joined one it may have:
// enough that bare handshakes never lock a page out, few enough that one address cannot
// fill MAX_CONNECTIONS
export const UNJOINED_PER_JOINED = 5;

export const REFUSALS = {
  origin: 'Origin not allowed',
  tooMany: 'Too many connections from this address',
  full: 'This server is full. Try again in a few minutes.',
} as const;

export interface HandshakeGuard {
  allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void;
  /** A new Engine.IO connection: counted against the process, and closed unless it joins in time. */
  track(conn: EngineSocket): void;
  /** A namespace join on `conn`: null to accept it (counting the connection against its address once), or the refusal. */
  join(conn: EngineSocket): string | null;
  /** The namespace socket on `conn` left; the connection must join again in time or be closed. */
  left(conn: EngineSocket): void;
  /** The key `req` counts against: its client's address (behind a trusted proxy, the forwarded one), an IPv6 one by its /64. */
  addressOf(req: IncomingMessage): string;
  /** Addresses with at least one joined connection (back to 0 when all have closed). */
  readonly addresses: number;
  /** Engine.IO connections open now, joined or not. */
  readonly connections: number;
}

export function createHandshakeGuard(limits: HandshakeLimits): HandshakeGuard {
  const { allowedOrigins, embedOrigins = [], maxConnectionsPerIp, maxConnections, joinTimeoutMs, trustProxy = [] } = limits;
  const trust = compileTrust(trustProxy);
  const addressOf = (req: IncomingMessage): string => addressKey(clientAddress(req, trust));
  const maxUnjoinedPerIp = maxConnectionsPerIp * UNJOINED_PER_JOINED;
  const allowed = new Set(allowedOrigins.map((origin) => canonicalOrigin(origin) ?? origin));
  const joinedPerAddress = new Tally();
  const unjoinedPerAddress = new Tally();
  const joined = new WeakSet<EngineSocket>();
  const joinTimers = new WeakMap<EngineSocket, NodeJS.Timeout>();
  let connections = 0;

  const startJoinTimer = (conn: EngineSocket) => {
    clearTimeout(joinTimers.get(conn));
    // Discard what waits to be sent: a polling client that never polls again would otherwise hold it for 30 s
    joinTimers.set(conn, setTimeout(() => conn.close(true), joinTimeoutMs).unref());
  };

  return {
    allowRequest(req, callback) {
      const origin = req.headers.origin;
      const allowedOrigin = origin === undefined || allowed.has(canonicalOrigin(origin) ?? '') || allowsEmbed(embedOrigins, origin);
      if (!allowedOrigin) return callback(REFUSALS.origin, false);
      if (connections >= maxConnections) return callback(REFUSALS.full, false);
      const key = addressOf(req);
      if (joinedPerAddress.get(key) >= maxConnectionsPerIp || unjoinedPerAddress.get(key) >= maxUnjoinedPerIp) {
        return callback(REFUSALS.tooMany, false);
      }
      callback(null, true);
    },
    track(conn) {
      const key = addressOf(conn.request);
      connections += 1;
      unjoinedPerAddress.add(key);
      conn.once('close', () => {
        connections -= 1;
        if (!joined.has(conn)) unjoinedPerAddress.remove(key);
        clearTimeout(joinTimers.get(conn));
      });
      // Handshakes that passed the checks together can overshoot: close the extras
      if (connections > maxConnections || unjoinedPerAddress.get(key) > maxUnjoinedPerIp) conn.close(true);
      else startJoinTimer(conn);
    },
    join(conn) {
      if (joined.has(conn)) {
        clearTimeout(joinTimers.get(conn));
        return null;
      }
      const key = addressOf(conn.request);
      // Checked again here: connections that were handshaking together join one by one
      if (joinedPerAddress.get(key) >= maxConnectionsPerIp) return REFUSALS.tooMany;
      joined.add(conn);
      unjoinedPerAddress.remove(key);
      joinedPerAddress.add(key);
      clearTimeout(joinTimers.get(conn));
      conn.once('close', () => joinedPerAddress.remove(key));
      return null;
    },
    left(conn) {
      startJoinTimer(conn);
    },
    addressOf,
    get addresses() {
      return joinedPerAddress.size;
    },
    get connections() {
      return connections;
    },
  };
}

/** A count per address that forgets an address as soon as its count is back to 0. */
class Tally {
  readonly #counts = new Map<string, number>();
  get(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
  add(key: string): void {
    this.#counts.set(key, this.get(key) + 1);
  }
  remove(key: string): void {
    const left = this.get(key) - 1;
    if (left > 0) this.#counts.set(key, left);
    else this.#counts.delete(key);
  }
  get size(): number {
    return this.#counts.size;
  }
}

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const IPV4_TAIL = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The unit one address cap covers: an IPv4 address as it is, an IPv4-mapped IPv6 address
 * as its IPv4 address, and an IPv6 address by its /64, since one home or one server is
 * usually given a whole /64 and could otherwise take a new address for every connection.
 */
export function addressKey(ip: string): string {
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  // Drop a zone (`fe80::1%eth0`) and write an embedded IPv4 tail (`64:ff9b::1.2.3.4`) as two groups
  let text = ip.split('%')[0]!.toLowerCase();
  const tail = IPV4_TAIL.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = Array<string>(Math.max(0, 8 - headGroups.length - restGroups.length)).fill('0');
  const groups = [...headGroups, ...(rest === undefined ? [] : zeros), ...restGroups];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
