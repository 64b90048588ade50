// The feed: new cards go on top and fade in; cards past the limit fade out and go.
import $ from 'jquery';

export const FADE_TIME = 250; // ms, matches --fade-time in style.css

export class Feed {
  readonly #$container: JQuery<HTMLElement>;
  #limit: number;

  constructor($container: JQuery<HTMLElement>, limit: number) {
    this.#$container = $container;
    this.#limit = limit;
  }

  prepend($card: JQuery<HTMLElement>): void {
    this.#$container.prepend($card);
    // The next frame, so the browser sees opacity 0 first and runs the transition
    requestAnimationFrame(() => $card.addClass('fadeIn'));
    this.#trim();
  }

  setLimit(limit: number): void {
    this.#limit = limit;
    this.#trim();
  }

  clear(): void {
    this.#$container.empty();
  }

  get size(): number {
    return this.#$container.children('.tweet:not(.leaving)').length;
  }

  /** Cards beyond the limit are marked at once, so they never count, then removed after the fade. */
  #trim(): void {
    const $extra = this.#$container.children('.tweet:not(.leaving)').slice(this.#limit);
    if ($extra.length === 0) return;
    $extra.addClass('leaving fadeOut').removeClass('fadeIn');
    setTimeout(() => $extra.remove(), FADE_TIME);
  }
}
