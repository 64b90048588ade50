// The language filter's choices, and the server agreeing with every one of them.
import { describe, expect, it } from 'vitest';
import { parseTerm } from '../../../lib/match/query.ts';
import { knownLanguage, LANGUAGES } from '../../../public/javascripts/languages.ts';

describe('knownLanguage', () => {
  it('finds a listed code, whatever its case', () => {
    expect(knownLanguage('en')).toBe('en');
    expect(knownLanguage('PT')).toBe('pt');
  });

  it.each([null, undefined, '', 'any', 'xx', 'en-GB', 'english'])('is null for %j', (code) => {
    expect(knownLanguage(code)).toBeNull();
  });
});

describe('LANGUAGES', () => {
  it('lists each code once', () => {
    const codes = LANGUAGES.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(LANGUAGES.map(([code, name]) => [code, name]))('offers %s (%s), which the server accepts as it is', (code) => {
    const parsed = parseTerm('cats', code);
    expect(parsed.ok && parsed.value.query.lang).toBe(code);
  });
});
