// Decides at the Engine.IO handshake who may open a socket: browsers only from an
// allowed Origin, and at most a set number of connections from one address.
//
// Socket.IO's `cors` option sets response headers for polling but never stops a
// WebSocket upgrade, so the check lives in `allowRequest`, which runs for both.
//
// A request with no Origin at all is allowed: browsers always send one on a WebSocket
// and on cross-origin requests, but not on same-origin polling GETs, and non-browser
// clients (our tests, curl) send none. Such a client could forge any Origin anyway;
// the per-address cap and the per-socket rate limit are what hold it back.
import type { IncomingMessage } from 'node:http';

export interface HandshakeLimits {
  allowedOrigins: readonly string[];
  maxConnectionsPerIp: number;
}

/** The part of an Engine.IO socket this guard needs. */
interface EngineSocket {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
  close(): unknown;
}

export const REFUSALS = {
  origin: 'Origin not allowed',
  tooMany: 'Too many connections from this address',
} as const;

export interface HandshakeGuard {
  allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void;
  /** Counts a new connection against its address until it closes. */
  track(socket: EngineSocket): void;
  /** Addresses with at least one open connection (back to 0 when all have closed). */
  readonly addresses: number;
}

export function createHandshakeGuard({ allowedOrigins, maxConnectionsPerIp }: HandshakeLimits): HandshakeGuard {
  const allowed = new Set(allowedOrigins);
  const open = new Map<string, number>();

  return {
    allowRequest(req, callback) {
      const origin = req.headers.origin;
      if (origin !== undefined && !allowed.has(origin)) return callback(REFUSALS.origin, false);
      if ((open.get(address(req)) ?? 0) >= maxConnectionsPerIp) return callback(REFUSALS.tooMany, false);
      callback(null, true);
    },
    track(socket) {
      const ip = address(socket.request);
      const count = (open.get(ip) ?? 0) + 1;
      open.set(ip, count);
      socket.once('close', () => {
        const left = (open.get(ip) ?? 1) - 1;
        if (left > 0) open.set(ip, left);
        else open.delete(ip);
      });
      // Handshakes that passed the check together can overshoot: close the extras
      if (count > maxConnectionsPerIp) socket.close();
    },
    get addresses() {
      return open.size;
    },
  };
}

// The TCP peer. Behind a reverse proxy this is the proxy, so the cap then applies to it.
function address(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
