// What the push API has done since the process started, as plain counts that only go up:
// read by the admin view and /metrics, written only by routes/api-posts.ts.

import type { IngestCounts } from '../contract/admin-events.ts';

/** The push API's totals, in the shape the admin view reads (lib/contract/admin-events.ts). */
export type IngestCounters = IngestCounts;

export function createIngestCounters(): IngestCounters {
  return { accepted: 0, duplicates: 0, rejected: 0, unauthorised: 0, rateLimited: 0 };
}
