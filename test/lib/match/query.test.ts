import { describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../../lib/contract/errors.ts';
import { formatTerm, MAX_TERM_LENGTH, parseTerm } from '../../../lib/match/query.ts';

describe('parseTerm', () => {
  it('normalises case, spaces and commas', () => {
    const parsed = parseTerm('  Cats ,  Red   CAR ');
    expect(parsed).toEqual({
      ok: true,
      value: { term: 'cats, red car', query: { alternatives: [['cats'], ['red', 'car']], mutes: [], lang: null } },
    });
  });

  it('keeps hashtags and mentions as entities and collects mutes', () => {
    const parsed = parseTerm('#Cats @Bob -spam');
    expect(parsed.ok && parsed.value.query).toEqual({ alternatives: [['#cats', '@bob']], mutes: ['spam'], lang: null });
    expect(parsed.ok && parsed.value.term).toBe('#cats @bob -spam');
  });

  it('drops repeated alternatives and words', () => {
    const parsed = parseTerm('cats cats, CATS, dogs');
    expect(parsed.ok && parsed.value.term).toBe('cats, dogs');
  });

  it('gives the same query when its own output is parsed again', () => {
    const first = parseTerm('Red Car, #Cats -dogs', 'en-GB');
    if (!first.ok) throw new Error(first.error);
    const again = parseTerm(first.value.term, first.value.query.lang);
    expect(again.ok && again.value).toEqual(first.value);
    expect(formatTerm(first.value.query)).toBe('red car, #cats -dogs');
  });

  it.each([
    [42, CLIENT_ERRORS.termNotText],
    [null, CLIENT_ERRORS.termNotText],
    [['cats'], CLIENT_ERRORS.termNotText],
    ['', CLIENT_ERRORS.termEmpty],
    ['   \t ', CLIENT_ERRORS.termEmpty],
    ['x'.repeat(MAX_TERM_LENGTH + 1), CLIENT_ERRORS.termTooLong],
    ['cats\u0000', CLIENT_ERRORS.termBadCharacters],
    ['cats\u202edogs', CLIENT_ERRORS.termBadCharacters],
    ['cats\ud800', CLIENT_ERRORS.termBadCharacters],
    ['!!! ???', CLIENT_ERRORS.termNoWords],
    ['🐱', CLIENT_ERRORS.termNoWords],
    ['-cats', CLIENT_ERRORS.termNoWords],
    ['a b c d e f g h i j k', CLIENT_ERRORS.termTooManyWords],
    ['a,b,c,d,e,f,g,h,i,j,k', CLIENT_ERRORS.termTooManyAlternatives],
  ])('rejects %j', (input, error) => {
    expect(parseTerm(input)).toEqual({ ok: false, error });
  });

  it('accepts a term of exactly the length limit', () => {
    expect(parseTerm('x'.repeat(MAX_TERM_LENGTH)).ok).toBe(true);
  });

  it('takes a language code, or any', () => {
    const en = parseTerm('cats', 'EN-us');
    expect(en.ok && en.value.query.lang).toBe('en');
    const any = parseTerm('cats', 'any');
    expect(any.ok && any.value.query.lang).toBe(null);
    expect(parseTerm('cats', 'english!')).toEqual({ ok: false, error: CLIENT_ERRORS.badLanguage });
    expect(parseTerm('cats', 7)).toEqual({ ok: false, error: CLIENT_ERRORS.badLanguage });
  });
});
