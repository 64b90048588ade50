// Draws the match history as a small inline SVG bar chart beside the figures, built
// with DOM APIs, and writes its sentence underneath for everyone, screen readers included.
import { describeRate, HISTORY_MINUTES } from './match-history.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300; // viewBox units; the SVG scales to its box
const HEIGHT = 60;
const GAP = 2; // between bars

export class RateChart {
  readonly #bars: SVGRectElement[] = [];
  #last = ''; // what was drawn, so an unchanged chart costs nothing

  constructor(svg: SVGSVGElement, readonly caption: HTMLElement) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('preserveAspectRatio', 'none');
    const slot = WIDTH / HISTORY_MINUTES;
    for (let i = 0; i < HISTORY_MINUTES; i += 1) {
      const bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', String(i * slot + GAP / 2));
      bar.setAttribute('width', String(slot - GAP));
      bar.setAttribute('y', String(HEIGHT));
      bar.setAttribute('height', '0');
      bar.classList.add('rate-bar');
      this.#bars.push(bar);
    }
    svg.append(...this.#bars);
  }

  /** Draws `minutes` (oldest first, ending with the minute in progress) right-aligned, tallest bar full height. */
  render(minutes: readonly number[]): void {
    const key = minutes.join(',');
    if (key === this.#last) return;
    this.#last = key;
    const shown = minutes.slice(-HISTORY_MINUTES);
    const top = Math.max(1, ...shown);
    const offset = HISTORY_MINUTES - shown.length;
    this.#bars.forEach((bar, i) => {
      const count = i < offset ? 0 : shown[i - offset]!;
      // A minute with matches always shows at least a sliver
      const height = count === 0 ? 0 : Math.max(2, (count / top) * HEIGHT);
      bar.setAttribute('y', String(HEIGHT - height));
      bar.setAttribute('height', String(height));
      bar.classList.toggle('current', i === HISTORY_MINUTES - 1);
    });
    const sentence = `Matches per minute, last 30 minutes: ${describeRate(shown)}.`;
    if (this.caption.textContent !== sentence) this.caption.textContent = sentence;
  }
}
