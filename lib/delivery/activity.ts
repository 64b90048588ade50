// What the server has done since it started, counted where it happens: posts in from the
// upstream, term matches, posts handed to sockets, and posts skipped to slow pages. Plain
// numbers that only go up, so counting costs one addition and a reader (the admin view,
// /metrics) turns them into rates by taking differences.

export interface Activity {
  postsIn: number; // posts the upstream delivered to the hub
  matches: number; // (post, followed term) pairs matched
  deliveries: number; // posts handed to sockets: each match counts once per socket in the term's rooms
  skipped: number; // posts dropped for pages that could not keep up (lib/guards/slow-consumer.ts)
}

/** A fresh set of counters, all zero. */
export function createActivity(): Activity {
  return { postsIn: 0, matches: 0, deliveries: 0, skipped: 0 };
}
