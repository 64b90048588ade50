import { describe, expect, it } from 'vitest';
import { COMMON_WORDS, isCommonWord } from '../../../lib/match/common-words.ts';
import { termTokens } from '../../../lib/match/tokenize.ts';

describe('COMMON_WORDS', () => {
  // The index compares tokens exactly: an entry the tokeniser would fold or split
  // ("Don't", "ÉTÉ") could never be a post's token, and would protect nothing
  it('holds only single tokens, exactly as the tokeniser gives them', () => {
    const bad = [...COMMON_WORDS].filter((word) => termTokens(word).join(' ') !== word);
    expect(bad).toEqual([]);
  });

  it('knows the most frequent words of the languages most posted in, and of links', () => {
    for (const word of ['the', 'and', 'de', 'que', 'und', 'è', 'https', 'co', 'amp']) expect(COMMON_WORDS.has(word)).toBe(true);
  });
});

describe('isCommonWord', () => {
  it('counts the table and any single letter or digit as common', () => {
    expect(isCommonWord('the')).toBe(true);
    expect(isCommonWord('x')).toBe(true);
    expect(isCommonWord('7')).toBe(true);
    expect(isCommonWord('猫')).toBe(true);
    expect(isCommonWord('zebra')).toBe(false);
    expect(isCommonWord('#the')).toBe(false); // a hashtag is an entity, rarer than the word
  });
});
