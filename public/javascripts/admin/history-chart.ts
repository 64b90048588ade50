// One throughput chart of the admin view: an inline SVG bar per history bucket, built
// with DOM APIs the way the search page's rate chart is (public/javascripts/rate-chart.ts),
// and its sentence underneath for everyone, screen readers included.
import type { RateSeries } from '../../../lib/contract/admin-events.ts';
import { describeSeries } from './format.ts';

const SVG = 'http://www.w3.org/2000/svg';
export const CHART_BARS = 90; // 15 minutes of 10 s buckets, as lib/admin/rate-history.ts keeps them
const WIDTH = 360; // viewBox units; the SVG scales to its box
const HEIGHT = 60;
const GAP = 1; // between bars

export class HistoryChart {
  readonly #bars: SVGRectElement[] = [];
  #last = ''; // what was drawn, so an unchanged chart costs nothing

  constructor(svg: SVGSVGElement, readonly caption: HTMLElement, readonly label: string) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    const slot = WIDTH / CHART_BARS;
    for (let i = 0; i < CHART_BARS; i += 1) {
      const bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', String(i * slot + GAP / 2));
      bar.setAttribute('width', String(slot - GAP));
      bar.setAttribute('y', String(HEIGHT));
      bar.setAttribute('height', '0');
      bar.classList.add('history-bar');
      this.#bars.push(bar);
    }
    svg.append(...this.#bars);
  }

  /** Draws the history right-aligned, tallest bar full height, and writes the sentence. */
  render(series: RateSeries, bucketSeconds: number): void {
    const shown = series.history.slice(-CHART_BARS);
    const key = `${series.perSecond}|${shown.join(',')}`;
    if (key === this.#last) return;
    this.#last = key;
    const top = Math.max(1, ...shown);
    const offset = CHART_BARS - shown.length;
    this.#bars.forEach((bar, i) => {
      const value = i < offset ? 0 : shown[i - offset]!;
      const height = value === 0 ? 0 : Math.max(2, (value / top) * HEIGHT); // a busy bucket always shows a sliver
      bar.setAttribute('y', String(HEIGHT - height));
      bar.setAttribute('height', String(height));
      bar.classList.toggle('current', i === CHART_BARS - 1);
    });
    const sentence = describeSeries(this.label, series, bucketSeconds);
    if (this.caption.textContent !== sentence) this.caption.textContent = sentence;
  }
}
