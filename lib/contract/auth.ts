// What a client may ask for in its handshake `auth`, and the one parser for it. The
// server runs it once per connection (config/socketio.ts) and keeps the answer in
// typed `socket.data`; nothing else reads `socket.handshake.auth`.

export const MIN_BATCH_MS = 50; // ms; shorter windows save little over one message per post
export const MAX_BATCH_MS = 1_000; // ms; longer windows stop feeling live

export const BATCH_MS_ERROR = `batchMs must be a whole number of milliseconds from ${MIN_BATCH_MS} to ${MAX_BATCH_MS}.`;

/** What a page may send as `auth` (every field optional). */
export interface HandshakeAuth {
  batchMs?: number; // posts in one `tweetBatch` per window instead of one `tweets` each
  stats?: boolean; // hear `streamStats` once a second
}

/** The parsed request, as it is kept in `socket.data`. */
export interface ClientOptions {
  batchMs: number | null; // null: one `tweets` per post
  wantsStats: boolean;
}

export type AuthResult = { ok: true; value: ClientOptions } | { ok: false; error: string };

/** Parses a handshake `auth`; unknown fields are ignored, a malformed known one refused. */
export function parseAuth(auth: unknown): AuthResult {
  const fields = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>) : {};
  const batchMs = parseBatchMs(Object.hasOwn(fields, 'batchMs') ? fields.batchMs : undefined);
  if (batchMs === undefined) return { ok: false, error: BATCH_MS_ERROR };
  return { ok: true, value: { batchMs, wantsStats: fields.stats === true } };
}

/** null when no window is asked for, undefined when the request is malformed. */
function parseBatchMs(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  return value >= MIN_BATCH_MS && value <= MAX_BATCH_MS ? value : undefined;
}
