import { describe, expect, it } from 'vitest';
import type { Post } from '../../lib/contract/events.ts';
import { createPushApi } from '../../config/push.ts';
import { createIngestCounters } from '../../lib/ingest/counters.ts';
import type { Dedupe } from '../../lib/ingest/dedupe.ts';
import { silentLogger } from '../../lib/support/logger.ts';

const TOKEN = 't'.repeat(32);

describe('createPushApi', () => {
  it('wires the tokens, the rate, the given publish and dedupe, and the images of the running source', async () => {
    const published: Post[] = [];
    const asked: string[] = [];
    const dedupe: Dedupe = { firstSeen: async (id) => (asked.push(id), true), forget: async () => {} };
    const api = createPushApi({
      tokens: [TOKEN],
      perSecond: 1,
      burst: 2,
      sourceName: 'bluesky',
      publish: (posts) => void published.push(...posts),
      counters: createIngestCounters(),
      logger: silentLogger(),
      dedupe,
      now: () => 0,
    });
    expect(api.checkToken(`Bearer ${TOKEN}`)).toBe(0);
    expect(api.rate.charge(0, 3)).toEqual({ ok: false, tooMany: true });
    await api.ingest([{ value: { id: 'p', text: 'hi', user_profile_image: 'https://cdn.bsky.app/a.jpg' } }]);
    expect(asked).toEqual(['p']);
    expect(published).toMatchObject([{ id: 'p', user_profile_image: 'https://cdn.bsky.app/a.jpg' }]);
  });
});
