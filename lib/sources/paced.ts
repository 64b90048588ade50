// The steady pace shared by the sources that make their own posts (demo, file): one
// post every 1/rate seconds from `next()`, live from the first tick, and nothing to
// connect to, so starting and stopping are just a timer.
import type { Post } from '../contract/events.ts';
import { BaseSource } from './source.ts';

/** A post and, when the source itself chose whom it is for, those terms' keys. */
export interface Drawn {
  post: Post;
  termKeys?: readonly string[];
}

export abstract class PacedSource extends BaseSource {
  readonly #rate: number;
  #timer: NodeJS.Timeout | null = null;

  /** `rate` is posts per second (config/env.ts bounds it to what a timer can pace). */
  constructor(rate: number) {
    super();
    this.#rate = rate;
  }

  /** The next post; public so tests and the bench can draw posts without timers. */
  abstract next(): Post;

  /** The next post as emitted: a source that makes posts for given terms (demo) names them. */
  draw(): Drawn {
    return { post: this.next() };
  }

  start(): void {
    if (this.#timer) return;
    this.setStatus('live');
    this.#timer = setInterval(() => {
      const { post, termKeys } = this.draw();
      this.emit('post', post, termKeys);
    }, 1000 / this.#rate);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
