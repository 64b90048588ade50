import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, isDense, tokenize, WORD, type PostTokens } from '../../../lib/match/tokenize.ts';

/** The tokens as the WORD pattern defines them: the specification the fast scan must meet. */
function byPattern(text: string): PostTokens {
  const words = new Set<string>();
  const runs: string[] = [];
  for (const [, entity, word] of fold(text).matchAll(WORD)) {
    if (isDense(word!)) runs.push(word!);
    else words.add(word!);
    if (entity) words.add(entity + word);
  }
  return { words, runs: runs.join('\n') };
}

/** Words and runs in one sorted list, runs marked with `|`. */
function flat({ words, runs }: PostTokens): string[] {
  return [...words, ...(runs === '' ? [] : runs.split('\n').map((run) => `|${run}`))].sort();
}

describe('tokenize', () => {
  it.each([
    ['#Cats rule!', ['cats', '#cats', 'rule']],
    ['a#b x@y.com', ['a', 'b', 'x', 'y', 'com']],
    ['##b @@c', ['b', '#b', 'c', '@c']],
    ['ｃａｔｓ café e\u0301t', ['cats', 'café', 'ét']],
    ['😀#a 𝒳#b', ['a', '#a', 'x', 'b']], // NFKC folds 𝒳 to x
    ['#', []],
    // Runs of unspaced scripts, split from the Latin they touch
    ['東京は晴れです', ['|東京は晴れです']],
    ['iPhoneを買った!', ['iphone', '|を買った']],
    ['東京、タワー 東京', ['|東京', '|タワー', '|東京']],
    ['#東京 a#東京', ['#東京', '|東京', 'a', '|東京']],
    ['서울에서 만나요', ['|서울에서', '|만나요']],
    ['ผมชอบกาแฟ', ['|ผมชอบกาแฟ']],
    ['ｶﾞｰﾃﾞﾝ', ['|ガーデン']], // half-width katakana fold to full width
  ])('tokenises %j as %j', (text, expected) => {
    expect(flat(tokenize(text))).toEqual([...expected].sort());
  });

  it('gives exactly the tokens of the WORD pattern on any text', () => {
    const piece = fc.constantFrom(
      ...['a', 'Z', '_', '7', '#', '@', ' ', '-', '.', 'é', 'e\u0301', 'ｃ', '😀', '𝒳', '٣', 'ß', '\u0301', 'İ'],
      ...['東', '京', 'は', 'ー', 'タ', 'ｶ', 'ﾞ', '。', '、', '서', '울', 'ก', 'า', 'ແ', 'ក', 'မ', '々', '𠀋', '\u3099'],
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.array(piece).map((p) => p.join(''))), (text) => {
        expect(flat(tokenize(text))).toEqual(flat(byPattern(text)));
      }),
      { numRuns: 2_000 },
    );
  });
});
