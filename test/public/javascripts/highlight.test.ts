/// <reference lib="dom" />
// Marking the searched words in a post with the server's own tokeniser, as text nodes
// and <mark> elements, never as an HTML string.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { matches } from '../../../lib/match/match.ts';
import { parseTerm } from '../../../lib/match/query.ts';
import { highlight, highlightWords } from '../../../public/javascripts/highlight.ts';
import { TRACK_CASES } from '../../lib/match/track-cases.ts';

// Just enough of `document` to build nodes, each of which remembers what it is
interface FakeNode {
  kind: 'text' | 'mark';
  textContent: string;
}
beforeEach(() => {
  vi.stubGlobal('document', {
    createTextNode: (text: string): FakeNode => ({ kind: 'text', textContent: text }),
    createElement: (tag: string): FakeNode => {
      if (tag !== 'mark') throw new Error(`unexpected <${tag}>`);
      return { kind: 'mark', textContent: '' };
    },
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The nodes as a string, with each mark in [brackets]. */
function shown(text: string, term: string): string {
  return (highlight(text, highlightWords(term)) as unknown as FakeNode[])
    .map((node) => (node.kind === 'mark' ? `[${node.textContent}]` : node.textContent))
    .join('');
}

describe('highlightWords', () => {
  it('is every word of every alternative, normalised, and never a muted word', () => {
    expect(highlightWords('Red CAR, cats -dogs')).toEqual(new Set(['red', 'car', 'cats']));
  });

  it('is empty for a term the server would refuse', () => {
    expect(highlightWords('   ')).toEqual(new Set());
  });
});

describe('highlight', () => {
  it('marks whole matching words, whatever their case, and keeps the rest as text', () => {
    expect(shown('I love Cats, and CATS love me', 'cats')).toBe('I love [Cats], and [CATS] love me');
  });

  it('does not mark a word that only contains the term', () => {
    expect(shown('concatenate cats', 'cats')).toBe('concatenate [cats]');
  });

  it('marks a hashtag for a plain term, but only hashtags for a hashtag term', () => {
    expect(shown('#cats and cats', 'cats')).toBe('[#cats] and [cats]');
    expect(shown('#cats and cats', '#cats')).toBe('[#cats] and cats');
  });

  it('keeps markup in a post as text', () => {
    const nodes = highlight('<b>cats</b>', highlightWords('cats')) as unknown as FakeNode[];
    expect(nodes.map((node) => node.textContent).join('')).toBe('<b>cats</b>');
    expect(nodes.filter((node) => node.kind === 'mark').map((node) => node.textContent)).toEqual(['cats']);
  });

  it('gives back the whole text as one node when nothing matches', () => {
    expect(highlight('dogs only', highlightWords('cats'))).toEqual([{ kind: 'text', textContent: 'dogs only' }]);
  });

  it.each([
    ['東京は晴れです', '東京', '[東京]は晴れです'],
    ['東京タワーに行きたい', '東京', '[東京]タワーに行きたい'],
    ['今日はラーメンを食べた', 'ラーメン', '今日は[ラーメン]を食べた'],
    ['我爱北京天安门', '北京', '我爱[北京]天安门'],
    ['서울에서 만나요', '서울', '[서울]에서 만나요'],
    ['ผมชอบกาแฟ', 'กาแฟ', 'ผมชอบ[กาแฟ]'],
    ['東京と京都と東京', '東京', '[東京]と京都と[東京]'],
    ['#東京タワー', '東京', '#[東京]タワー'],
    ['東。京', '東京', '東。京'],
    ['ｶﾞｰﾃﾞﾝに行く', 'ガーデン', '[ｶﾞｰﾃﾞﾝ]に行く'], // marked as written, found as folded
    ['東京タワー', '東京 タワー', '[東京][タワー]'],
    ['iPhoneを買った', 'iphone', '[iPhone]を買った'],
  ])('marks the matched part inside a run: %j for %j', (text, term, expected) => {
    expect(shown(text, term)).toBe(expected);
  });

  // One-word terms: a mark shows exactly when the server's matcher says the post matches
  it.each(TRACK_CASES.filter(([term]) => /^[^\s,]+$/.test(term)))('agrees with the matcher: %j in %j is %s', (term, text, expected) => {
    expect(shown(text, term).includes('[')).toBe(expected);
  });

  it('marks a word inside a run exactly when the matcher finds it, and keeps every character', () => {
    const piece = fc.constantFrom('東', '京', '東京', 'タワー', 'は', '。', ' ', 'ラーメン', 'ー', '서울', '에서', 'กาแฟ', 'ｶﾞ', 'ガ', 'a', '#');
    const term = fc.constantFrom('東京', '京', 'ラーメン', 'タワー', '서울', 'กาแฟ', 'ガ', '東京タワー');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), term, (text, word) => {
        const parsed = parseTerm(word);
        if (!parsed.ok) throw new Error(parsed.error);
        const nodes = highlight(text, highlightWords(word)) as unknown as FakeNode[];
        expect(nodes.map((node) => node.textContent).join('')).toBe(text);
        expect(nodes.some((node) => node.kind === 'mark')).toBe(matches(parsed.value.query, { text, lang: null }));
      }),
      { numRuns: 1_000 },
    );
  });
});
