// Prometheus metrics for GET /metrics: Node's defaults and the app's own, in one
// registry per app (never prom-client's global one), so tests can build several apps.
// Every value is read at scrape time from what the app already keeps; nothing is
// counted twice. One prefix, `_total` on counters, base units, and no per-term or
// per-user labels: the only label is the push API's `result`, five fixed values.
import { collectDefaultMetrics, Counter, Gauge, type Registry } from 'prom-client';
import type { IngestCounts, IngestCountsProvider, LeaderProvider } from '../contract/admin-events.ts';
import type { Activity } from '../delivery/activity.ts';

export const METRICS_PREFIX = 'stream_search_';

export interface MetricsProbe {
  activity: Activity;
  sockets: () => number; // page sockets connected to this process
  followedTerms: () => number;
  upstreamConnected: () => boolean;
  ingest?: IngestCountsProvider; // absent: the push API is off, and its counter has no samples
  leader?: LeaderProvider; // absent: a single process, which leads
}

// The push API's counts, by the `result` label each is exported under
const INGEST_RESULTS: Array<[label: string, field: keyof IngestCounts]> = [
  ['accepted', 'accepted'],
  ['duplicate', 'duplicates'],
  ['rejected', 'rejected'],
  ['unauthorised', 'unauthorised'],
  ['rate_limited', 'rateLimited'],
];

/** Registers the default Node metrics and the app's on `registry`. */
export function registerMetrics(registry: Registry, probe: MetricsProbe): void {
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
  const name = (suffix: string): string => METRICS_PREFIX + suffix;
  const registers = [registry];

  const gauge = (suffix: string, help: string, read: () => number): void => {
    new Gauge({ name: name(suffix), help, registers, collect() { this.set(read()); } });
  };
  gauge('sockets', 'Page sockets connected to this process.', probe.sockets);
  gauge('followed_terms', 'Distinct terms followed right now.', probe.followedTerms);
  gauge('upstream_connected', '1 while the upstream stream is live, else 0.', () => Number(probe.upstreamConnected()));
  gauge('leader', '1 if this process holds the upstream (leads the cluster), else 0.', () => Number(probe.leader?.() ?? true));

  // A counter mirrors a total that only goes up: each scrape adds what is new since the last
  const counter = (suffix: string, help: string, read: () => number): void => {
    let last = 0;
    new Counter({
      name: name(suffix),
      help,
      registers,
      collect() {
        const now = read();
        if (now > last) this.inc(now - last);
        last = Math.max(last, now);
      },
    });
  };
  const { activity } = probe;
  counter('posts_in_total', 'Posts the upstream delivered.', () => activity.postsIn);
  counter('matches_total', 'Post and followed-term pairs matched.', () => activity.matches);
  counter('deliveries_total', 'Posts handed to sockets, one per socket per match.', () => activity.deliveries);
  counter('posts_skipped_total', 'Posts dropped for pages that could not keep up.', () => activity.skipped);

  const lastIngest = new Map<string, number>();
  new Counter({
    name: name('ingest_results_total'),
    help: 'Push API (POST /api/posts) outcomes: posts accepted, duplicate, rejected; requests unauthorised, rate_limited.',
    labelNames: ['result'],
    registers,
    collect() {
      const counts = probe.ingest?.();
      if (!counts) return;
      for (const [label, field] of INGEST_RESULTS) {
        const now = counts[field];
        const last = lastIngest.get(label) ?? 0;
        this.inc({ result: label }, Math.max(0, now - last));
        lastIngest.set(label, Math.max(last, now));
      }
    },
  });
}
