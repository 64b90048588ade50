// lib/admin/metrics.ts: the text parses as Prometheus exposition, counters only go up
// across scrapes, the names are exactly the README's list, and no metric of the app's
// carries a label other than the push API's `result`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { IngestCounts } from '../../../lib/contract/admin-events.ts';
import { METRICS_PREFIX, registerMetrics, type MetricsProbe } from '../../../lib/admin/metrics.ts';
import { createActivity } from '../../../lib/delivery/activity.ts';

const README = readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
interface Family {
  type: string;
  help: string;
  samples: Sample[];
}

/** A strict reader of the text format: HELP and TYPE before a family's samples, every sample line well formed. */
function parse(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sample: string): Family | undefined =>
    families.get(sample) ?? families.get(sample.replace(/_(bucket|sum|count)$/, ''));
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      const family = families.get(name) ?? { type: '', help: '', samples: [] };
      if (kind === 'HELP') family.help = rest;
      else {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(rest);
        family.type = rest;
      }
      families.set(name, family);
      continue;
    }
    // Values as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case, as prom-client writes `Nan`
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|nan|[+-]inf)$/i.exec(line);
    expect(sample, `not a sample line: ${line}`).not.toBeNull();
    const [, name, rawLabels = '', value] = sample as unknown as [string, string, string | undefined, string];
    const family = familyOf(name);
    expect(family?.type, `a sample before its TYPE: ${line}`).toBeTruthy();
    const labels = Object.fromEntries([...rawLabels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    family!.samples.push({ name, labels, value: Number(value) });
  }
  return families;
}

function metricsApp(overrides: Partial<MetricsProbe> = {}) {
  const activity = createActivity();
  const registry = new Registry();
  let sockets = 0;
  registerMetrics(registry, { activity, sockets: () => sockets, followedTerms: () => 3, upstreamConnected: () => true, ...overrides });
  return { registry, activity, setSockets: (n: number) => (sockets = n), scrape: async () => parse(await registry.metrics()) };
}

const valueOf = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined =>
  families.get(name)?.samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;

/** The metric names listed between the README's metrics markers. */
function readmeNames(): string[] {
  const section = /<!-- metrics:start -->([\s\S]*?)<!-- metrics:end -->/.exec(README)![1]!;
  return [...new Set([...section.matchAll(/`(stream_search_[a-z0-9_]+)`/g)].map((m) => m[1]!))].sort();
}

describe('registerMetrics', () => {
  it('serves text that parses, every family with its HELP and TYPE, under one prefix', async () => {
    const families = await metricsApp().scrape();
    expect(families.size).toBeGreaterThan(20);
    for (const [name, family] of families) {
      expect(name.startsWith(METRICS_PREFIX), name).toBe(true);
      expect(family.help, name).not.toBe('');
      if (family.type === 'counter') expect(name.endsWith('_total'), name).toBe(true);
    }
  });

  it('names exactly the metrics the README lists', async () => {
    const families = await metricsApp().scrape();
    expect([...families.keys()].sort()).toEqual(readmeNames());
  });

  it('reads the figures at scrape time', async () => {
    const app = metricsApp({ leader: () => false, upstreamConnected: () => false });
    app.activity.postsIn = 5;
    app.activity.matches = 4;
    app.activity.deliveries = 9;
    app.activity.skipped = 2;
    app.setSockets(7);
    const families = await app.scrape();
    expect(valueOf(families, 'stream_search_posts_in_total')).toBe(5);
    expect(valueOf(families, 'stream_search_matches_total')).toBe(4);
    expect(valueOf(families, 'stream_search_deliveries_total')).toBe(9);
    expect(valueOf(families, 'stream_search_posts_skipped_total')).toBe(2);
    expect(valueOf(families, 'stream_search_sockets')).toBe(7);
    expect(valueOf(families, 'stream_search_followed_terms')).toBe(3);
    expect(valueOf(families, 'stream_search_upstream_connected')).toBe(0);
    expect(valueOf(families, 'stream_search_leader')).toBe(0);
  });

  it('counts only up across scrapes', async () => {
    const ingest: IngestCounts = { accepted: 0, duplicates: 0, rejected: 0, unauthorised: 0, rateLimited: 0 };
    const app = metricsApp({ ingest: () => ingest });
    let before = await app.scrape();
    for (let round = 1; round <= 3; round += 1) {
      app.activity.postsIn += 10 * round;
      app.activity.deliveries += round;
      ingest.accepted += round;
      ingest.rateLimited += 1;
      const after = await app.scrape();
      let grew = 0;
      for (const [name, family] of after) {
        if (family.type !== 'counter') continue;
        for (const sample of family.samples) {
          const earlier = valueOf(before, sample.name, sample.labels) ?? 0;
          expect(sample.value, `${sample.name} ${JSON.stringify(sample.labels)}`).toBeGreaterThanOrEqual(earlier);
          if (sample.value > earlier && !name.includes('process_cpu')) grew += 1;
        }
      }
      expect(grew).toBe(4); // posts in, deliveries, accepted, rate_limited
      before = after;
    }
    expect(valueOf(before, 'stream_search_posts_in_total')).toBe(60);
    expect(valueOf(before, 'stream_search_ingest_results_total', { result: 'accepted' })).toBe(6);
  });

  it('labels the push API results, and only them, with `result`', async () => {
    const ingest: IngestCounts = { accepted: 1, duplicates: 2, rejected: 3, unauthorised: 4, rateLimited: 5 };
    const families = await metricsApp({ ingest: () => ingest }).scrape();
    const results = families.get('stream_search_ingest_results_total')!.samples.map((s) => [s.labels.result, s.value]);
    expect(results).toEqual([['accepted', 1], ['duplicate', 2], ['rejected', 3], ['unauthorised', 4], ['rate_limited', 5]]);
    const app = readmeNames().filter((name) => !name.includes('_nodejs_') && !name.includes('_process_'));
    for (const name of app) {
      for (const sample of families.get(name)!.samples) {
        expect(Object.keys(sample.labels), name).toEqual(name === 'stream_search_ingest_results_total' ? ['result'] : []);
      }
    }
  });

  it('has no push API samples while the push API is off', async () => {
    const families = await metricsApp().scrape();
    expect(families.get('stream_search_ingest_results_total')!.samples).toEqual([]);
    expect(valueOf(families, 'stream_search_leader')).toBe(1); // a single process leads
  });

  it('keeps each app to its own registry', async () => {
    const one = metricsApp();
    const two = metricsApp();
    one.activity.postsIn = 3;
    expect(valueOf(await one.scrape(), 'stream_search_posts_in_total')).toBe(3);
    expect(valueOf(await two.scrape(), 'stream_search_posts_in_total')).toBe(0);
  });
});
