// The steady pace shared by the sources that make their own posts (demo, file): one
// post every 1/rate seconds from `next()`, live from the first tick, and nothing to
// connect to, so starting and stopping are just a timer. Their `position` is how many
// posts they have made, so a cluster's new leader carries on where the old one stopped
// (lib/cluster/leader.ts) instead of making the same posts, with the same ids, again.
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
  #made = 0; // posts emitted, or carried on from

  /** `rate` is posts per second (config/env.ts bounds it to what a timer can pace). */
  constructor(rate: number) {
    super();
    this.#rate = rate;
  }

  /** Posts made so far: where another process carries on from. */
  get position(): string {
    return String(this.#made);
  }

  /** Before start(): carry on after `position` posts, as another process left off. A malformed one is ignored. */
  resumeFrom(position: string): void {
    const made = Number(position);
    if (!Number.isSafeInteger(made) || made < 0) return;
    this.#made = made;
    this.carryOn(made);
  }

  /** Makes the next post the one after `made`: a source moves its own counters here. */
  protected abstract carryOn(made: number): void;

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
      this.#made += 1;
      this.emit('post', post, termKeys);
    }, 1000 / this.#rate);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
