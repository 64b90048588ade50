// "How busy is it": matches per minute, posts scanned since the search began, and
// how many people watch this term right now.
import { RateMeter } from './meter.ts';

export interface StatsElements {
  rate: HTMLElement;
  scanned: HTMLElement;
  watchers: HTMLElement;
}

export class BusyStats {
  readonly meter: RateMeter;
  #scanned = 0; // the server's running total
  #baseline = 0; // its value when the search began
  #watchers: number | null = null;

  constructor(readonly elements: StatsElements, now: number) {
    this.meter = new RateMeter(now);
  }

  /** A new search: the rate and the scanned count start again from here. */
  begin(now: number): void {
    this.meter.reset(now);
    this.#baseline = this.#scanned;
  }

  setScanned(total: number): void {
    // A restarted server counts from zero again
    if (total < this.#scanned) this.#baseline = 0;
    this.#scanned = total;
  }

  setWatchers(count: number): void {
    this.#watchers = count;
  }

  render(now: number): void {
    const rate = this.meter.perMinute(now);
    setText(this.elements.rate, rate === null ? 'counting…' : `${rate.toLocaleString()} per minute`);
    setText(this.elements.scanned, Math.max(0, this.#scanned - this.#baseline).toLocaleString());
    setText(this.elements.watchers, this.#watchers === null ? '–' : this.#watchers.toLocaleString());
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
