import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, tokenize, WORD } from '../../../lib/match/tokenize.ts';

/** The tokens as the WORD pattern defines them: the specification the fast scan must meet. */
function byPattern(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const [, entity, word] of fold(text).matchAll(WORD)) {
    tokens.add(word!);
    if (entity) tokens.add(entity + word);
  }
  return tokens;
}

describe('tokenize', () => {
  it.each([
    ['#Cats rule!', ['cats', '#cats', 'rule']],
    ['a#b x@y.com', ['a', 'b', 'x', 'y', 'com']],
    ['##b @@c', ['b', '#b', 'c', '@c']],
    ['ｃａｔｓ café e\u0301t', ['cats', 'café', 'ét']],
    ['😀#a 𝒳#b', ['a', '#a', 'x', 'b']], // NFKC folds 𝒳 to x
    ['#', []],
  ])('tokenises %j as %j', (text, expected) => {
    expect([...tokenize(text)].sort()).toEqual([...expected].sort());
  });

  it('gives exactly the tokens of the WORD pattern on any text', () => {
    const piece = fc.constantFrom('a', 'Z', '_', '7', '#', '@', ' ', '-', '.', 'é', 'e\u0301', 'ｃ', '😀', '𝒳', '٣', 'ß', '\u0301', 'İ');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.array(piece).map((p) => p.join(''))), (text) => {
        expect([...tokenize(text)].sort()).toEqual([...byPattern(text)].sort());
      }),
      { numRuns: 2_000 },
    );
  });
});
