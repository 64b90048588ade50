// Turns a push body's items into delivered posts: each checked against the one post
// schema (lib/sources/post.ts, shared with the replay file), its images kept to what the
// page may load, repeats within the dedupe window dropped, the rest published in order.
import { randomUUID } from 'node:crypto';
import type { Post } from '../contract/events.ts';
import { checkPost } from '../sources/post.ts';
import type { BodyItem } from './body.ts';
import type { IngestCounters } from './counters.ts';
import type { Dedupe } from './dedupe.ts';
import { keepImagesFrom } from './images.ts';
import type { Publish } from './publish.ts';

export interface IngestDeps {
  dedupe: Dedupe;
  publish: Publish;
  counters: IngestCounters;
  imageHosts: readonly string[]; // the running source's image CDNs, as the page's CSP allows
  now?: () => Date; // for a post without created_at
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; error: string }[];
}

export function createIngest({ dedupe, publish, counters, imageHosts, now = () => new Date() }: IngestDeps) {
  /** Checks, dedupes and publishes; if publishing throws, the ids are forgotten again so a retry is not a duplicate. */
  return async function ingest(items: readonly BodyItem[]): Promise<IngestResult> {
    const fresh: Post[] = [];
    const remembered: string[] = [];
    const rejected: IngestResult['rejected'] = [];
    let duplicates = 0;
    for (const [index, item] of items.entries()) {
      if ('error' in item) {
        rejected.push({ index, error: item.error });
        continue;
      }
      // A post without an id gets one of its own, so it can never be a repeat
      const ownId = `push-${randomUUID()}`;
      const checked = checkPost(item.value, 'push', ownId, now());
      if ('error' in checked) {
        rejected.push({ index, error: checked.error });
        continue;
      }
      const post = keepImagesFrom(checked.post, imageHosts);
      if (post.id !== ownId) {
        if (!(await dedupe.firstSeen(post.id))) {
          duplicates += 1;
          continue;
        }
        remembered.push(post.id);
      }
      fresh.push(post);
    }
    try {
      if (fresh.length > 0) await publish(fresh);
    } catch (err) {
      await Promise.all(remembered.map((id) => dedupe.forget(id)));
      throw err;
    }
    counters.accepted += fresh.length;
    counters.duplicates += duplicates;
    counters.rejected += rejected.length;
    return { accepted: fresh.length, duplicates, rejected };
  };
}

export type Ingest = ReturnType<typeof createIngest>;
