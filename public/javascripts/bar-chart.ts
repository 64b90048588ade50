// The bars of a small inline SVG chart, built with DOM APIs: the search page's matches per
// minute (rate-chart.ts) and the admin view's throughput (admin/history-chart.ts) draw with it.
const SVG = 'http://www.w3.org/2000/svg';

export interface BarChartShape {
  bars: number; // how many bars, the newest on the right
  width: number; // viewBox units; the SVG scales to its box
  height: number;
  gap: number; // between bars
  barClass: string; // the stylesheet's class for a bar
}

export class BarChart {
  readonly #bars: SVGRectElement[] = [];
  readonly #shape: BarChartShape;
  #last = ''; // what was drawn, so an unchanged chart costs nothing

  constructor(svg: SVGSVGElement, shape: BarChartShape) {
    this.#shape = shape;
    const { bars, width, height, gap, barClass } = shape;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    const slot = width / bars;
    for (let i = 0; i < bars; i += 1) {
      const bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', String(i * slot + gap / 2));
      bar.setAttribute('width', String(slot - gap));
      bar.setAttribute('y', String(height));
      bar.setAttribute('height', '0');
      bar.classList.add(barClass);
      this.#bars.push(bar);
    }
    svg.append(...this.#bars);
  }

  /** Draws `values` (oldest first, the last one in progress) right-aligned, the tallest bar full height. */
  draw(values: readonly number[]): void {
    const { bars, height: full } = this.#shape;
    const shown = values.slice(-bars);
    const key = shown.join(',');
    if (key === this.#last) return;
    this.#last = key;
    const top = Math.max(1, ...shown);
    const offset = bars - shown.length;
    this.#bars.forEach((bar, i) => {
      const value = i < offset ? 0 : shown[i - offset]!;
      // A bar with anything in it always shows at least a sliver
      const height = value === 0 ? 0 : Math.max(2, (value / top) * full);
      bar.setAttribute('y', String(full - height));
      bar.setAttribute('height', String(height));
      bar.classList.toggle('current', i === bars - 1);
    });
  }
}
