// What the admin view shows, gathered once a tick: the upstream, the nodes, sockets,
// the busiest terms, the rates and their 15-minute history, the push API's counts, the
// event-loop delay and memory. It reads what the hub and the activity counters already
// keep; nothing here runs per post except the feed sampler's O(1) offer.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AdminSnapshot, ClusterNode, IngestCountsProvider, LeaderProvider, NodesProvider, TermWatchers } from '../contract/admin-events.ts';
import type { Activity } from '../delivery/activity.ts';
import type { Hub } from '../delivery/hub.ts';
import { parseTermKey } from '../delivery/rooms.ts';
import type { StreamSource } from '../sources/source.ts';
import type { Logger } from '../support/logger.ts';
import { FeedSampler } from './feed-sampler.ts';
import { BUCKET_MS, RateHistory } from './rate-history.ts';

export const TOP_TERMS = 10; // terms listed, busiest first
const DELAY_RESOLUTION = 10; // ms between event-loop delay samples
const NS_PER_MS = 1e6;

export interface MonitorDeps {
  source: StreamSource;
  hub: Hub;
  activity: Activity;
  sockets: () => number; // page sockets connected to this process
  nodeId: string; // this process, as the node list names it
  logger: Logger;
  nodes?: NodesProvider; // cluster mode: every live node; absent, this process alone
  leader?: LeaderProvider; // cluster mode: whether this process leads; absent, it does
  ingest?: IngestCountsProvider; // the push API's counts; absent, the push API is off
  random?: () => number; // the feed sampler's choice, for tests
}

export class AdminMonitor {
  readonly feed: FeedSampler;
  readonly #deps: MonitorDeps;
  readonly #posts = new RateHistory();
  readonly #matches = new RateHistory();
  readonly #deliveries = new RateHistory();
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION });
  readonly #offer: (post: Parameters<FeedSampler['offer']>[0]) => void;

  constructor(deps: MonitorDeps) {
    this.#deps = deps;
    this.feed = new FeedSampler(undefined, deps.random);
    this.#offer = (post) => this.feed.offer(post);
    deps.source.on('post', this.#offer);
    this.#delay.enable();
  }

  /** Records the counters at `now` ms; call once a tick, whether or not anyone is watching, so the history is there when someone looks. */
  sample(now: number): void {
    const { activity } = this.#deps;
    this.#posts.sample(activity.postsIn, now);
    this.#matches.sample(activity.matches, now);
    this.#deliveries.sample(activity.deliveries, now);
  }

  /** Everything the page shows, as of `now`; the event-loop figures cover the time since the last snapshot. */
  async snapshot(now: number): Promise<AdminSnapshot> {
    const { source, hub, activity, ingest } = this.#deps;
    const ms = (ns: number): number => (Number.isFinite(ns) ? Math.round((ns / NS_PER_MS) * 10) / 10 : 0);
    const eventLoopDelayMs = { mean: ms(this.#delay.mean), p99: ms(this.#delay.percentile(99)), max: ms(this.#delay.max) };
    this.#delay.reset();
    const memory = process.memoryUsage();
    return {
      at: now,
      upstream: source.status,
      nodes: await this.nodes(),
      sockets: this.#deps.sockets(),
      followedTerms: hub.index.size,
      topTerms: this.topTerms(),
      posts: this.#posts.series(now),
      matches: this.#matches.series(now),
      deliveries: this.#deliveries.series(now),
      totals: { ...activity },
      ingest: ingest ? { ...ingest() } : null,
      eventLoopDelayMs,
      memoryBytes: { rss: memory.rss, heapUsed: memory.heapUsed },
      bucketSeconds: BUCKET_MS / 1000,
    };
  }

  /** The busiest followed terms: O(terms) once a tick, and only the shown ones are parsed. */
  topTerms(): TermWatchers[] {
    const { hub } = this.#deps;
    const counted: Array<[string, number]> = [];
    for (const termKey of hub.index.keys()) counted.push([termKey, hub.watchers(termKey)]);
    counted.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return counted.slice(0, TOP_TERMS).flatMap(([termKey, watchers]) => {
      const parsed = parseTermKey(termKey);
      return parsed ? [{ term: parsed.term, lang: parsed.query.lang, watchers }] : [];
    });
  }

  /** The cluster's nodes, or this process alone; a provider that fails shows this process and is logged. */
  async nodes(): Promise<ClusterNode[]> {
    const { nodes, leader, nodeId } = this.#deps;
    const self: ClusterNode = { id: nodeId, sockets: this.#deps.sockets(), leader: leader?.() ?? true };
    if (!nodes) return [self];
    try {
      return [...(await nodes())];
    } catch (err) {
      this.#deps.logger.error({ err }, 'the nodes provider failed');
      return [self];
    }
  }

  close(): void {
    this.#deps.source.off('post', this.#offer);
    this.#delay.disable();
  }
}
