// What the push API has done since the process started, as plain counts that only go up:
// read by the admin view and /metrics, written only by routes/api-posts.ts.

export interface IngestCounters {
  accepted: number; // posts delivered
  duplicates: number; // posts whose id was pushed in the last 10 minutes, not delivered again
  rejected: number; // posts refused one by one (not a post, no text, a bad NDJSON line)
  unauthorised: number; // requests with no token or a wrong one
  rateLimited: number; // requests refused with 429
}

export function createIngestCounters(): IngestCounters {
  return { accepted: 0, duplicates: 0, rejected: 0, unauthorised: 0, rateLimited: 0 };
}
