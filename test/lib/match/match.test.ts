import { describe, expect, it } from 'vitest';
import { langMatches, matches } from '../../../lib/match/match.ts';
import { parseTerm } from '../../../lib/match/query.ts';
import { TRACK_CASES } from './track-cases.ts';

function query(term: string, lang: string | null = null) {
  const parsed = parseTerm(term, lang);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.query;
}

describe('matches', () => {
  it.each(TRACK_CASES)('%j against %j is %s', (term, text, expected) => {
    expect(matches(query(term), { text, lang: 'en' })).toBe(expected);
  });

  it('applies the language filter on the primary subtag', () => {
    expect(matches(query('cats', 'en'), { text: 'cats', lang: 'en-GB' })).toBe(true);
    expect(matches(query('cats', 'en'), { text: 'cats', lang: 'es' })).toBe(false);
    expect(matches(query('cats', 'en'), { text: 'cats', lang: null })).toBe(false);
  });
});

describe('langMatches', () => {
  it('accepts anything when no language is wanted', () => {
    expect(langMatches(null, null)).toBe(true);
    expect(langMatches(null, 'ja')).toBe(true);
  });

  it('ignores case in the post language', () => {
    expect(langMatches('en', 'EN')).toBe(true);
  });
});
