import { describe, expect, it } from 'vitest';
import type { Post } from '../../../lib/contract/events.ts';
import { publishThroughSource } from '../../../lib/ingest/publish.ts';
import { ManualSource, makePost } from '../../helpers/manual-source.ts';

describe('publishThroughSource', () => {
  it("emits each post, in order, as the source's own post event", async () => {
    const source = new ManualSource();
    const seen: Array<[Post, readonly string[] | undefined]> = [];
    source.on('post', (post, termKeys) => seen.push([post, termKeys]));
    const posts = [makePost('one', { source: 'push' }), makePost('two', { source: 'push' })];
    await publishThroughSource(source)(posts);
    expect(seen).toEqual([
      [posts[0], undefined],
      [posts[1], undefined],
    ]);
  });
});
