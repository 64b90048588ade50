// The admin view's words and numbers: rates, bytes, the push API's counts, the feed's
// sampling sentence and each chart's sentence for screen readers. Pure, so it is unit
// tested; the DOM code only puts these strings in place with .text().
import type { IngestCounts, RateSeries } from '../../../lib/contract/admin-events.ts';

const MB = 1024 * 1024;

/** A per-second rate: one decimal below 10, whole numbers above. */
export function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond).toLocaleString('en');
}

export function formatCount(count: number): string {
  return count.toLocaleString('en');
}

export function formatBytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** The push API's counts in one line, or that it is off. */
export function formatPushes(ingest: IngestCounts | null): string {
  if (!ingest) return 'push API off';
  const { accepted, duplicates, rejected, unauthorised, rateLimited } = ingest;
  return `${formatCount(accepted)} accepted, ${formatCount(rejected)} rejected (${formatCount(duplicates)} duplicates, ${formatCount(unauthorised)} unauthorised, ${formatCount(rateLimited)} rate-limited)`;
}

/** Says how the feed was sampled: "Showing 10 of 250 posts in the last second." */
export function feedSentence(shown: number, seen: number): string {
  if (seen === 0) return 'No posts in the last second.';
  if (shown === seen) return seen === 1 ? 'Showing the 1 post of the last second.' : `Showing all ${formatCount(seen)} posts of the last second.`;
  return `Showing ${formatCount(shown)} of ${formatCount(seen)} posts in the last second.`;
}

/** A chart as a sentence: the rate now, the peak bucket and how long ago it was, and the mean. */
export function describeSeries(label: string, series: RateSeries, bucketSeconds: number): string {
  const { history, perSecond } = series;
  const span = Math.round((history.length * bucketSeconds) / 60);
  const over = span <= 1 ? 'over the last minute' : `over the last ${span} minutes`;
  const peak = Math.max(0, ...history);
  if (peak === 0) return `${label}: none ${over}.`;
  const peakAgo = (history.length - 1 - history.lastIndexOf(peak)) * bucketSeconds;
  const when = peakAgo < 60 ? 'in the last minute' : `about ${Math.round(peakAgo / 60)} minutes ago`;
  const mean = history.reduce((sum, n) => sum + n, 0) / history.length;
  return `${label} ${over}: ${formatRate(perSecond)} per second now; busiest ${bucketSeconds} seconds ${formatRate(peak)} per second, ${when}; mean ${formatRate(mean)}.`;
}
