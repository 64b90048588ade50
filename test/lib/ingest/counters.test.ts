import { describe, expect, it } from 'vitest';
import { createIngestCounters } from '../../../lib/ingest/counters.ts';

describe('createIngestCounters', () => {
  it('starts every count at zero, and each server gets its own', () => {
    const first = createIngestCounters();
    expect(first).toEqual({ accepted: 0, duplicates: 0, rejected: 0, unauthorised: 0, rateLimited: 0 });
    first.accepted += 1;
    expect(createIngestCounters().accepted).toBe(0);
  });
});
