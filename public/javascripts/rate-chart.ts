// Draws the match history as a small inline SVG bar chart beside the figures, built
// with DOM APIs, and writes its sentence underneath for everyone, screen readers included.
import { BarChart } from './bar-chart.ts';
import { describeRate, HISTORY_MINUTES } from './match-history.ts';

export class RateChart {
  readonly #chart: BarChart;

  constructor(svg: SVGSVGElement, readonly caption: HTMLElement) {
    this.#chart = new BarChart(svg, { bars: HISTORY_MINUTES, width: 300, height: 60, gap: 2, barClass: 'rate-bar' });
  }

  /** Draws `minutes` (oldest first, ending with the minute in progress) right-aligned, tallest bar full height. */
  render(minutes: readonly number[]): void {
    const shown = minutes.slice(-HISTORY_MINUTES);
    this.#chart.draw(shown);
    const sentence = `Matches per minute, last 30 minutes: ${describeRate(shown)}.`;
    if (this.caption.textContent !== sentence) this.caption.textContent = sentence;
  }
}
