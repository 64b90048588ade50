import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matches } from '../../../lib/match/match.ts';
import { parseTerm, type Query } from '../../../lib/match/query.ts';
import { TermIndex } from '../../../lib/match/term-index.ts';
import { TRACK_CASES } from './track-cases.ts';

function query(term: string, lang: string | null = null): Query {
  const parsed = parseTerm(term, lang);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.query;
}

describe('TermIndex.match', () => {
  it.each(TRACK_CASES)('%j against %j is %s, as the reference matcher says', (term, text, expected) => {
    const index = new TermIndex();
    index.add(term, query(term));
    expect(index.match({ text, lang: 'en' })).toEqual(expected ? [term] : []);
  });

  it('returns every matching term once, however many alternatives match', () => {
    const index = new TermIndex();
    index.add('a', query('cats, dogs'));
    index.add('b', query('dogs'));
    index.add('c', query('birds'));
    expect(index.match({ text: 'cats and dogs', lang: 'en' }).sort()).toEqual(['a', 'b']);
  });

  it('agrees with the reference matcher on random terms and posts', () => {
    const vocabulary = ['cats', 'dogs', 'red', 'car', '#cats', '@bob', 'bob', 'the', 'café', 'a'];
    const word = fc.constantFrom(...vocabulary);
    const term = fc
      .tuple(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 2 }))
      .map(([alts, mutes]) => alts.map((alt) => alt.join(' ')).join(', ') + mutes.map((m) => ` -${m}`).join(''));
    const lang = fc.constantFrom(null, 'en', 'es');
    const post = fc.record({
      text: fc.array(fc.constantFrom(...vocabulary, 'Cats!', 'DOGS.', 'concatenate', ',', '🐱'), { maxLength: 12 }).map((w) => w.join(' ')),
      lang: fc.constantFrom(null, 'en', 'es', 'en-GB'),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(term, lang), { minLength: 1, maxLength: 8 }), fc.array(post, { maxLength: 10 }), (terms, posts) => {
        const index = new TermIndex();
        const queries = new Map<string, Query>();
        for (const [text, l] of terms) {
          const parsed = parseTerm(text, l);
          if (!parsed.ok) continue;
          const key = `${l}:${parsed.value.term}`;
          if (!queries.has(key)) index.add(key, parsed.value.query);
          queries.set(key, parsed.value.query);
        }
        for (const p of posts) {
          const expected = [...queries].filter(([, q]) => matches(q, p)).map(([k]) => k).sort();
          expect(index.match(p).sort()).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('TermIndex reference counting', () => {
  it('keeps one entry for many followers and empties when the last leaves', () => {
    const index = new TermIndex();
    for (let i = 0; i < 1000; i += 1) index.add('cats', query('cats'));
    expect(index.size).toBe(1);
    for (let i = 0; i < 999; i += 1) expect(index.remove('cats')).toBe(false);
    expect(index.remove('cats')).toBe(true);
    expect(index.size).toBe(0);
    expect(index.indexedTokens).toBe(0);
    expect(index.match({ text: 'cats', lang: null })).toEqual([]);
  });

  it('ignores removing a term nobody follows', () => {
    expect(new TermIndex().remove('nothing')).toBe(false);
  });
});
