import { describe, expect, it } from 'vitest';
import { createMemoryDedupe, DEDUPE_WINDOW, MAX_REMEMBERED_IDS } from '../../../lib/ingest/dedupe.ts';

describe('createMemoryDedupe', () => {
  it('sees an id first once, then as a repeat until the window has passed', async () => {
    let now = 1_000;
    const dedupe = createMemoryDedupe({ now: () => now });
    expect(await dedupe.firstSeen('a')).toBe(true);
    expect(await dedupe.firstSeen('a')).toBe(false);
    expect(await dedupe.firstSeen('b')).toBe(true);
    now += DEDUPE_WINDOW; // ten minutes to the millisecond is still within the window
    expect(await dedupe.firstSeen('a')).toBe(false);
    now += 1;
    expect(await dedupe.firstSeen('a')).toBe(true);
  });

  it('forgets an id on request, so a post that was not delivered can be sent again', async () => {
    const dedupe = createMemoryDedupe({ now: () => 0 });
    await dedupe.firstSeen('a');
    await dedupe.forget('a');
    expect(await dedupe.firstSeen('a')).toBe(true);
  });

  it('holds a bounded number of ids, forgetting the oldest first', async () => {
    const dedupe = createMemoryDedupe({ now: () => 0 });
    for (let i = 0; i <= MAX_REMEMBERED_IDS; i += 1) await dedupe.firstSeen(`id-${i}`);
    expect(await dedupe.firstSeen(`id-${MAX_REMEMBERED_IDS}`)).toBe(false);
    expect(await dedupe.firstSeen('id-0')).toBe(true);
  });
});
