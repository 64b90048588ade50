// Each push token's rate, in posts: a request is charged one token per post it holds, so
// ten bodies of one post cost what one body of ten does.
import { TokenBucket, type MonotonicNow } from '../guards/token-bucket.ts';

export interface IngestRateOptions {
  perSecond: number; // INGEST_RATE
  burst: number; // INGEST_BURST: posts one token may push at once after a rest
  now?: MonotonicNow;
}

/** `ok`, or how many whole seconds to wait (for Retry-After); `tooMany` when one body holds more than the burst. */
export type Charge = { ok: true } | { ok: false; retryAfterSeconds: number } | { ok: false; tooMany: true };

export interface IngestRate {
  readonly burst: number;
  charge(tokenIndex: number, posts: number): Charge;
}

export function createIngestRate({ perSecond, burst, now = () => performance.now() }: IngestRateOptions): IngestRate {
  // One bucket per configured token, so the map holds at most as many as INGEST_TOKENS lists
  const buckets = new Map<number, TokenBucket>();
  return {
    burst,
    charge(tokenIndex, posts) {
      if (posts > burst) return { ok: false, tooMany: true };
      let bucket = buckets.get(tokenIndex);
      if (!bucket) buckets.set(tokenIndex, (bucket = new TokenBucket(burst, perSecond, now)));
      if (bucket.take(posts)) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(bucket.waitFor(posts) / 1000)) };
    },
  };
}
