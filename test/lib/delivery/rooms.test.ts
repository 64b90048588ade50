// lib/delivery/rooms.ts: a room name holds everything needed to rebuild its term, so
// the room is the only record; batch rooms wrap a term key with their window.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTerm } from '../../../lib/match/query.ts';
import { batchWindowOf, deliveryRoom, parseTermKey, STATS_ROOM, termKey, termKeyOf } from '../../../lib/delivery/rooms.ts';

describe('termKey', () => {
  it('names the language, or * for any, then the normalised term', () => {
    expect(termKey({ term: 'cats', lang: null })).toBe('term:*:cats');
    expect(termKey({ term: 'red car, cats -dogs', lang: 'en' })).toBe('term:en:red car, cats -dogs');
  });
});

describe('parseTermKey', () => {
  it('gives back the parsed term behind any key termKey made (round trip)', () => {
    const langs = fc.constantFrom(null, 'en', 'pt', 'zh');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), langs, (raw, lang) => {
        const parsed = parseTerm(raw, lang);
        if (!parsed.ok) return;
        const key = termKey({ term: parsed.value.term, lang: parsed.value.query.lang });
        expect(parseTermKey(key)).toEqual(parsed.value);
      }),
    );
  });

  it('splits the language off at the first colon, so the rest may hold colons', () => {
    const parsed = parseTerm('10:30 train', 'en');
    expect(parsed.ok).toBe(true);
    expect(parseTermKey('term:en:10:30 train')).toEqual(parsed.ok ? parsed.value : null);
  });

  it.each([STATS_ROOM, 'Xq3v_9a1bC2d3e4fAAAB', 'batch:100:term:*:cats', 'term:*:', 'term:english:cats', 'term'])(
    'is null for %j, which is not a term key',
    (room) => {
      expect(parseTermKey(room)).toBeNull();
    },
  );
});

describe('deliveryRoom', () => {
  it('is the term key itself for a socket that wants one post at a time', () => {
    expect(deliveryRoom('term:*:cats', null)).toBe('term:*:cats');
  });

  it('is the batch room of that window otherwise', () => {
    expect(deliveryRoom('term:en:cats', 100)).toBe('batch:100:term:en:cats');
  });
});

describe('termKeyOf', () => {
  it('finds the term key behind a batch room and a plain room', () => {
    expect(termKeyOf(deliveryRoom('term:en:red car', 250))).toBe('term:en:red car');
    expect(termKeyOf('term:*:cats')).toBe('term:*:cats');
  });

  it('gives any other room back as is', () => {
    expect(termKeyOf(STATS_ROOM)).toBe(STATS_ROOM);
  });
});

describe('batchWindowOf', () => {
  it('reads the window of a batch room', () => {
    expect(batchWindowOf(deliveryRoom('term:*:cats', 50))).toBe(50);
  });

  it.each(['term:*:cats', STATS_ROOM, 'batch:soon:term:*:cats', 'batch:2.5:term:*:cats'])('is null for %j', (room) => {
    expect(batchWindowOf(room)).toBeNull();
  });
});
