// lib/contract/embed.ts: the widget's attributes and the iframe's query read the same way
// on both sides, the full-search link, and the height message the iframe posts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_LIMIT, EMBED_HEIGHT_MESSAGE, fullSearchUrl, isEmbedHeightMessage, MAX_EMBED_LIMIT, parseEmbedOptions } from '../../../lib/contract/embed.ts';
import { MAX_TERM_LENGTH } from '../../../lib/contract/errors.ts';

describe('parseEmbedOptions', () => {
  it('reads well-formed attributes as they are, trimmed', () => {
    expect(parseEmbedOptions({ term: ' cats -dogs ', lang: 'en', limit: '3', theme: 'dark' })).toEqual({ term: 'cats -dogs', lang: 'en', limit: 3, theme: 'dark' });
  });

  it('falls back to the defaults for missing or malformed values', () => {
    expect(parseEmbedOptions({})).toEqual({ term: '', lang: null, limit: DEFAULT_EMBED_LIMIT, theme: 'auto' });
    for (const limit of ['', 'five', '2.5', '-1', ['3'], '1e3']) expect(parseEmbedOptions({ limit }).limit).toBe(DEFAULT_EMBED_LIMIT);
    expect(parseEmbedOptions({ theme: 'neon', lang: ' ', term: ['cats'] })).toEqual({ term: '', lang: null, limit: DEFAULT_EMBED_LIMIT, theme: 'auto' });
  });

  it(`bounds the limit to 1..${MAX_EMBED_LIMIT} and the term to ${MAX_TERM_LENGTH} characters`, () => {
    expect(parseEmbedOptions({ limit: '0' }).limit).toBe(1);
    expect(parseEmbedOptions({ limit: '999999' }).limit).toBe(MAX_EMBED_LIMIT);
    expect(parseEmbedOptions({ limit: 7 }).limit).toBe(7);
    expect(parseEmbedOptions({ term: 'a'.repeat(500) }).term).toHaveLength(MAX_TERM_LENGTH);
  });
});

describe('fullSearchUrl', () => {
  it('links to the search page on the app, with the language only alongside a term', () => {
    expect(fullSearchUrl('https://search.example', { term: 'red car', lang: 'en' })).toBe('https://search.example/?q=red+car&lang=en');
    expect(fullSearchUrl('https://search.example', { term: '', lang: 'en' })).toBe('https://search.example/');
  });
});

describe('isEmbedHeightMessage', () => {
  it('accepts only the height message with a finite, non-negative height', () => {
    expect(isEmbedHeightMessage({ type: EMBED_HEIGHT_MESSAGE, height: 320 })).toBe(true);
    for (const data of [null, 'stream-search:height', { type: EMBED_HEIGHT_MESSAGE, height: '320' }, { type: EMBED_HEIGHT_MESSAGE, height: Infinity }, { type: EMBED_HEIGHT_MESSAGE, height: -1 }, { type: 'other', height: 1 }]) {
      expect(isEmbedHeightMessage(data)).toBe(false);
    }
  });
});
