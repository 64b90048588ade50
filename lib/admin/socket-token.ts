// Short-lived tokens that let the admin page open the `/admin` Socket.IO namespace.
// Browsers do not reliably send Basic credentials on a WebSocket upgrade, so the page,
// once past Basic auth, fetches GET /admin/token and hands the token over in the
// handshake `auth`. A token is `<expiry ms>.<HMAC-SHA256 of it>`, keyed by a key derived
// from ADMIN_PASSWORD: every node of a cluster that shares the password accepts it, and
// no store is needed. Changing the password voids every token at once.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const TOKEN_TTL = 60_000; // ms a token stays valid: the page fetches a fresh one on each (re)connect
const KEY_SALT = 'stream-search'; // fixed: the key must be the same on every node
const KEY_INFO = 'admin socket token v1';

export interface SocketTokens {
  /** A new token, valid for TOKEN_TTL from now. */
  issue(): string;
  /** True for a token this password issued that has not expired; anything else (wrong type, tampered, old) is false. */
  verify(token: unknown): boolean;
}

export function socketTokens(password: string, now: () => number = Date.now): SocketTokens {
  const key = Buffer.from(hkdfSync('sha256', password, KEY_SALT, KEY_INFO, 32));
  const sign = (expires: string): Buffer => createHmac('sha256', key).update(expires).digest();
  return {
    issue() {
      const expires = String(now() + TOKEN_TTL);
      return `${expires}.${sign(expires).toString('base64url')}`;
    },
    verify(token) {
      if (typeof token !== 'string' || token.length > 100) return false;
      const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return false;
      const [, expires, mac] = match as unknown as [string, string, string];
      const expected = sign(expires);
      if (!timingSafeEqual(Buffer.from(mac, 'base64url'), expected)) return false;
      const left = Number(expires) - now();
      // Not expired, and not from a clock far ahead (a token never lives longer than its TTL)
      return left > 0 && left <= TOKEN_TTL;
    },
  };
}
