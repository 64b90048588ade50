import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matches } from '../../../lib/match/match.ts';
import { parseTerm, type Query } from '../../../lib/match/query.ts';
import { CROWDED_BUCKET, TermIndex } from '../../../lib/match/term-index.ts';
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
    // Unspaced scripts, with words that sit inside each other and inside the posts' runs
    const unspaced = ['東京', '京', 'ラーメン', 'タワー', '#東京', '서울', 'กาแฟ', '猫'];
    const word = fc.constantFrom(...vocabulary, ...unspaced);
    const term = fc
      .tuple(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 2 }))
      .map(([alts, mutes]) => alts.map((alt) => alt.join(' ')).join(', ') + mutes.map((m) => ` -${m}`).join(''));
    const lang = fc.constantFrom(null, 'en', 'es');
    const post = fc.record({
      text: fc
        .tuple(
          fc.array(fc.constantFrom(...vocabulary, ...unspaced, 'Cats!', 'DOGS.', 'concatenate', ',', '🐱', '東京タワー', '東。京', 'ラーメメン', '서울에서', 'ผมชอบกาแฟ', 'は', 'ー'), { maxLength: 12 }),
          fc.constantFrom(' ', ''), // Japanese and Thai glue words together
        )
        .map(([words, glue]) => words.join(glue)),
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

// Each alternative is filed under one of its words, and a post pays for every candidate
// filed under each of its tokens. 20,000 terms "the <word>" filed under "the" made every
// post containing "the" check all 20,000 (issue 14, row 9).
describe('TermIndex under follows and unfollows', () => {
  // A small vocabulary of common and rare words, so many terms share words, buckets pass
  // CROWDED_BUCKET and anchors are chosen by every rule; then some terms are dropped
  it('agrees with the reference matcher however terms were filed and dropped', () => {
    const vocabulary = ['the', 'a', 'to', 'cats', 'dogs', 'music', 'zebra', '#cats', '@bob', 'of', 'lol', 'x'];
    const word = fc.constantFrom(...vocabulary);
    const term = fc
      .tuple(fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 1 }))
      .map(([alts, mutes]) => alts.map((alt) => alt.join(' ')).join(', ') + mutes.map((m) => ` -${m}`).join(''));
    const step = fc.tuple(fc.boolean(), term); // true: follow once more, false: drop one follow
    const post = fc.array(fc.constantFrom(...vocabulary, 'The', 'Cats!', 'music.'), { maxLength: 10 }).map((w) => ({ text: w.join(' '), lang: 'en' }));
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 200 }), fc.array(post, { minLength: 1, maxLength: 10 }), (steps, posts) => {
        const index = new TermIndex();
        const followers = new Map<string, { query: Query; count: number }>();
        for (const [follow, text] of steps) {
          const parsed = parseTerm(text);
          if (!parsed.ok) continue;
          const key = parsed.value.term;
          const current = followers.get(key);
          if (follow) {
            index.add(key, parsed.value.query);
            followers.set(key, { query: parsed.value.query, count: (current?.count ?? 0) + 1 });
          } else if (current) {
            expect(index.remove(key)).toBe(current.count === 1);
            if (current.count === 1) followers.delete(key);
            else current.count -= 1;
          }
        }
        expect(index.size).toBe(followers.size);
        for (const p of posts) {
          const expected = [...followers].filter(([, { query: q }]) => matches(q, p)).map(([k]) => k).sort();
          expect(index.match(p).sort()).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('TermIndex filing', () => {
  const distinct = (i: number) => i.toString(36).padStart(3, '0'); // as long as "the"

  it('files a term that shares a common word under its other word', () => {
    const index = new TermIndex();
    for (let i = 0; i < 20_000; i += 1) index.add(`k${i}`, query(`the ${distinct(i)}`));
    // A few of the distinct words are common too ("and", "you"): only those may share "the"
    expect(index.filedUnder('the')).toBeLessThanOrEqual(CROWDED_BUCKET);
    expect(index.match({ text: 'The 0a1!', lang: 'en' })).toEqual([`k${parseInt('0a1', 36)}`]);
    expect(index.match({ text: 'the the the', lang: 'en' })).toEqual([]);
  });

  it('files under a common word only when every word is common', () => {
    const index = new TermIndex();
    index.add('k', query('to be, or not'));
    expect(index.match({ text: 'Not to be', lang: 'en' })).toEqual(['k']);
    expect(index.filedUnder('to') + index.filedUnder('be') + index.filedUnder('or') + index.filedUnder('not')).toBe(2);
  });

  it('stops crowding one bucket when many terms share a word the table does not know', () => {
    const index = new TermIndex();
    for (let i = 0; i < 1_000; i += 1) index.add(`k${i}`, query(`music ${distinct(i)}`));
    expect(index.filedUnder('music')).toBeLessThanOrEqual(CROWDED_BUCKET);
    expect(index.match({ text: 'music 00a', lang: null })).toEqual(['k10']);
  });

  it('prefers the longer word, or a hashtag, while buckets are small', () => {
    const index = new TermIndex();
    index.add('a', query('party #superbowl'));
    index.add('b', query('red carpet'));
    expect(index.filedUnder('#superbowl')).toBe(1);
    expect(index.filedUnder('carpet')).toBe(1);
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
