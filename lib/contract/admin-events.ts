// The admin view's contract (GET /admin and its Socket.IO namespace `/admin`), shared by
// the server, the admin page and the tests, and the seams through which a cluster and the
// push API report to it. Types only.
import type { PostSource, SourceName, StreamStatus } from './events.ts';

/** One node of the deployment; a single process reports itself alone, as leader. */
export interface ClusterNode {
  id: string;
  sockets: number; // page sockets connected to that node
  leader: boolean; // the node that holds the upstream connection
}

/** Seam for cluster mode: every live node. May answer from a shared store, so it may be async. */
export type NodesProvider = () => readonly ClusterNode[] | Promise<readonly ClusterNode[]>;

/** Seam for cluster mode: whether this process leads (holds the upstream); a single process always does. */
export type LeaderProvider = () => boolean;

/** What the push API (POST /api/posts) has done since start: totals that only go up. */
export interface IngestCounts {
  accepted: number; // posts accepted and delivered
  duplicates: number; // posts whose id was pushed recently, not delivered again
  rejected: number; // posts refused one by one (bad shape)
  unauthorised: number; // requests with a missing or wrong token
  rateLimited: number; // requests refused with 429
}

/** Seam for the push API: its counts now; absent while the push API is off. */
export type IngestCountsProvider = () => IngestCounts;

/** One series of a live chart: the rate over the last second, and the last 15 minutes in buckets. */
export interface RateSeries {
  perSecond: number; // over the last tick
  history: number[]; // mean per second in each bucket, oldest first, the bucket in progress last
}

/** A followed term and how many sockets receive it. */
export interface TermWatchers {
  term: string; // untrusted: typed by a visitor, rendered as text only
  lang: string | null;
  watchers: number;
}

/** Everything the admin page shows at a glance, sent once a second. */
export interface AdminSnapshot {
  at: number; // ms since the epoch, on the server
  upstream: StreamStatus;
  nodes: ClusterNode[];
  sockets: number; // page sockets on this node
  followedTerms: number;
  topTerms: TermWatchers[];
  posts: RateSeries; // posts in
  matches: RateSeries;
  deliveries: RateSeries;
  totals: { postsIn: number; matches: number; deliveries: number; skipped: number };
  ingest: IngestCounts | null; // null: the push API is off
  eventLoopDelayMs: { mean: number; p99: number; max: number }; // over the last tick
  memoryBytes: { rss: number; heapUsed: number };
  bucketSeconds: number; // width of one history bucket
}

/** A post as the sampled feed shows it: text fields only, each cut to a bound. */
export interface SampledPost {
  id: string;
  source: PostSource; // "push" for a post from the push API
  name: string;
  screen_name: string;
  text: string;
  created_at: string;
}

/** One second of the "sees everything" feed: `posts.length` of the `seen` posts that came in. */
export interface AdminFeed {
  posts: SampledPost[];
  seen: number;
}

export interface AdminServerToClientEvents {
  adminSnapshot: (snapshot: AdminSnapshot) => void;
  adminFeed: (feed: AdminFeed) => void;
}

/** The admin page sends nothing; it only listens. */
export type AdminClientToServerEvents = Record<string, never>;

/** The handshake `auth` of the admin namespace: a short-lived token from GET /admin/token. */
export interface AdminAuth {
  token: string;
}
