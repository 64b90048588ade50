// Assembles the push API (routes/api-posts.ts) from its settings and the two parts that
// change in cluster mode: where accepted posts are published, and where seen ids are kept.
import { imageHostsOf } from '../lib/contract/allowed-hosts.ts';
import type { SourceName } from '../lib/contract/events.ts';
import type { MonotonicNow } from '../lib/guards/token-bucket.ts';
import type { IngestCounters } from '../lib/ingest/counters.ts';
import { createMemoryDedupe, type Dedupe } from '../lib/ingest/dedupe.ts';
import { createIngest } from '../lib/ingest/ingest.ts';
import type { Publish } from '../lib/ingest/publish.ts';
import { createIngestRate } from '../lib/ingest/rate.ts';
import { createTokenCheck } from '../lib/ingest/tokens.ts';
import type { Logger } from '../lib/support/logger.ts';
import type { ApiPostsDeps } from '../routes/api-posts.ts';

export interface PushApiOptions {
  tokens: readonly string[]; // INGEST_TOKENS
  perSecond: number; // INGEST_RATE
  burst: number; // INGEST_BURST
  sourceName: SourceName; // whose image CDNs the page's CSP allows
  publish: Publish; // single mode: publishThroughSource(source); cluster mode: the Redis Stream append
  counters: IngestCounters; // shared with the admin view and /metrics
  logger: Logger;
  dedupe?: Dedupe; // this process's memory unless a shared store is given
  now?: MonotonicNow; // ms, for the rate; tests move it by hand
}

export function createPushApi({ tokens, perSecond, burst, sourceName, publish, counters, logger, dedupe, now }: PushApiOptions): ApiPostsDeps {
  return {
    checkToken: createTokenCheck(tokens),
    rate: createIngestRate({ perSecond, burst, now }),
    ingest: createIngest({ dedupe: dedupe ?? createMemoryDedupe(), publish, counters, imageHosts: imageHostsOf(sourceName) }),
    counters,
    logger,
  };
}
