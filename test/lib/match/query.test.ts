import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_ERRORS, MAX_TERM_LENGTH } from '../../../lib/contract/errors.ts';
import { formatTerm, parseTerm } from '../../../lib/match/query.ts';

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

  it('refuses a term that grows past the limit once normalised', () => {
    // 119 characters as typed; ", " after each of the nine commas makes 128
    const term = Array.from({ length: 10 }, (_, i) => String.fromCharCode(97 + i).repeat(11)).join(',');
    expect(term.length).toBeLessThanOrEqual(MAX_TERM_LENGTH);
    expect(parseTerm(term)).toEqual({ ok: false, error: CLIENT_ERRORS.termTooLongNormalised });
    // Mutes move to the end behind a space, and "-a.b" mutes two words: this one grows too
    expect(parseTerm(`x ${'-a.b.c.d.e.f.g.h.i.j'.padEnd(MAX_TERM_LENGTH - 2, 'k')}`)).toEqual({
      ok: false,
      error: CLIENT_ERRORS.termTooLongNormalised,
    });
  });

  it('accepts a normalised term of exactly the length limit', () => {
    const term = `${'x'.repeat(MAX_TERM_LENGTH - 4)},yy`; // "xxx…, yy" is 120 characters
    const parsed = parseTerm(term);
    expect(parsed.ok && parsed.value.term).toHaveLength(MAX_TERM_LENGTH);
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

// The room name of a followed term holds its normalised text, and the hub rebuilds the
// query from it (lib/delivery/rooms.ts). So the normalised text of every accepted term
// must parse again, to the very same query: otherwise the term is acked and never served.
describe('parseTerm on its own output', () => {
  // Words that change when folded or split: case, full width, ligatures that NFKC widens
  // (one character of U+FDFA becomes four words), entities, inner punctuation, mutes
  const word = fc.constantFrom(
    'cats', 'CATS', 'Red', 'a', 'e-mail', 'a.b.c', '#Cats', '@Bob', 'x#y', '##tag', 'café', 'cafe\u0301',
    'ｃａｔｓ', 'ﬁsh', '\ufdfa', 'İstanbul', 'ΣΑΣ', '_', '1', '🐱', '!!', '-', '-spam', '-e-mail', '-#tag', '--x', 'x-', '，',
    'elevenchars', 'supercalifragilistic', '#hashtagged',
  );
  const space = fc.constantFrom(' ', '  ', '\u00a0', '\u3000');
  const comma = fc.constantFrom(',', ', ', ' ,', ',,');
  // Up to ten parts of a few words each: most are accepted, and some of those grow near the limit
  const part = fc.array(fc.tuple(word, space), { minLength: 1, maxLength: 4 }).map((words) => words.flat().join(''));
  const typed = fc.array(fc.tuple(part, comma), { minLength: 1, maxLength: 10 }).map((parts) => parts.flat().join(''));
  const lang = fc.constantFrom(null, 'en', 'EN-gb', 'pt-BR', 'any');

  function roundTrips(raw: string, l: string | null): void {
    const first = parseTerm(raw, l);
    if (!first.ok) return;
    expect(first.value.term.length).toBeLessThanOrEqual(MAX_TERM_LENGTH);
    expect(formatTerm(first.value.query)).toBe(first.value.term);
    expect(parseTerm(first.value.term, first.value.query.lang)).toEqual(first);
  }

  it('gives the same query for every accepted term made of tricky words', () => {
    fc.assert(fc.property(typed, lang, roundTrips), { numRuns: 2_000 });
  });

  it('gives the same query for every accepted term of arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 130 }), lang, roundTrips), { numRuns: 2_000 });
  });
});
