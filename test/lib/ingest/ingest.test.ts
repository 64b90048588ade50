import { describe, expect, it } from 'vitest';
import type { Post } from '../../../lib/contract/events.ts';
import { BODY_ERRORS, type BodyItem } from '../../../lib/ingest/body.ts';
import { createIngestCounters } from '../../../lib/ingest/counters.ts';
import { createMemoryDedupe } from '../../../lib/ingest/dedupe.ts';
import { createIngest, type IngestDeps } from '../../../lib/ingest/ingest.ts';
import { DEFAULT_AVATAR, POST_PROBLEMS } from '../../../lib/sources/post.ts';

const values = (...raw: unknown[]): BodyItem[] => raw.map((value) => ({ value }));

function setup(overrides: Partial<IngestDeps> = {}) {
  const published: Post[][] = [];
  const counters = createIngestCounters();
  const dedupe = createMemoryDedupe();
  const ingest = createIngest({ dedupe, counters, imageHosts: [], publish: (posts) => void published.push([...posts]), ...overrides });
  return { ingest, published, counters, dedupe };
}

describe('createIngest', () => {
  it('publishes the good posts in one call, labelled push, and rejects each bad one by its index', async () => {
    const { ingest, published, counters } = setup();
    const items: BodyItem[] = [...values({ id: '1', text: 'one' }, { text: '' }), { error: BODY_ERRORS.badLine }, ...values({ id: '2', text: 'two' })];
    expect(await ingest(items)).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, error: POST_PROBLEMS.noText },
        { index: 2, error: BODY_ERRORS.badLine },
      ],
    });
    expect(published).toHaveLength(1);
    expect(published[0]!.map((p) => [p.id, p.source])).toEqual([['1', 'push'], ['2', 'push']]);
    expect(counters).toMatchObject({ accepted: 2, rejected: 2, duplicates: 0 });
  });

  it('drops repeats of an id, and publishes nothing when nothing is new', async () => {
    const { ingest, published, counters } = setup();
    await ingest(values({ id: 'a', text: 'x' }));
    expect(await ingest(values({ id: 'a', text: 'x' }, { id: 'a', text: 'y' }))).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(published).toHaveLength(1);
    expect(counters.duplicates).toBe(2);
  });

  it('keeps images to the allowed hosts', async () => {
    const { ingest, published } = setup({ imageHosts: ['cdn.bsky.app'] });
    await ingest(values({ text: 'x', user_profile_image: 'https://pbs.twimg.com/a.jpg' }, { text: 'y', user_profile_image: 'https://cdn.bsky.app/b.jpg' }));
    expect(published[0]!.map((p) => p.user_profile_image)).toEqual([DEFAULT_AVATAR, 'https://cdn.bsky.app/b.jpg']);
  });

  it('forgets the ids and counts nothing when publishing fails, so the client can send them again', async () => {
    let fail = true;
    const published: Post[] = [];
    const { ingest, counters } = setup({
      publish: async (posts) => {
        if (fail) throw new Error('stream down');
        published.push(...posts);
      },
    });
    await expect(ingest(values({ id: 'r', text: 'retry me' }))).rejects.toThrow('stream down');
    expect(counters.accepted).toBe(0);
    fail = false;
    expect(await ingest(values({ id: 'r', text: 'retry me' }))).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(published.map((p) => p.id)).toEqual(['r']);
  });
});
