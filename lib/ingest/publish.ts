// Where accepted pushed posts go. One injected function, so the route does not care
// whether that is this process's hub or, in cluster mode, the shared Redis Stream.
import type { Post } from '../contract/events.ts';
import type { StreamSource } from '../sources/source.ts';

/** Delivers posts in order; a rejected promise means none of them may count as delivered. */
export type Publish = (posts: readonly Post[]) => void | Promise<void>;

/**
 * Single-process mode: each post is emitted as the configured source's own `post` event, so
 * the hub (lib/delivery/hub.ts) matches and delivers it like any other, and whatever else
 * listens to the source (the stream stats) counts it too.
 */
export function publishThroughSource(source: StreamSource): Publish {
  return (posts) => {
    for (const post of posts) source.emit('post', post);
  };
}
