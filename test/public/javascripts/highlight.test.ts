/// <reference lib="dom" />
// Marking the searched words in a post with the server's own tokeniser, as text nodes
// and <mark> elements, never as an HTML string.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { highlight, highlightWords } from '../../../public/javascripts/highlight.ts';

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
});
