// One throughput chart of the admin view: an inline SVG bar per history bucket, drawn by
// the same bar chart as the search page's rate chart (public/javascripts/bar-chart.ts),
// and its sentence underneath for everyone, screen readers included.
import type { RateSeries } from '../../../lib/contract/admin-events.ts';
import { BarChart } from '../bar-chart.ts';
import { describeSeries } from './format.ts';

export const CHART_BARS = 90; // 15 minutes of 10 s buckets, as lib/admin/rate-history.ts keeps them

export class HistoryChart {
  readonly #chart: BarChart;

  constructor(svg: SVGSVGElement, readonly caption: HTMLElement, readonly label: string) {
    this.#chart = new BarChart(svg, { bars: CHART_BARS, width: 360, height: 60, gap: 1, barClass: 'history-bar' });
  }

  /** Draws the history right-aligned, tallest bar full height, and writes the sentence. */
  render(series: RateSeries, bucketSeconds: number): void {
    this.#chart.draw(series.history);
    const sentence = describeSeries(this.label, series, bucketSeconds);
    if (this.caption.textContent !== sentence) this.caption.textContent = sentence;
  }
}
