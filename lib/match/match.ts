// The reference matcher: one query against one post, written to be obviously right.
// The term index must agree with it on every post (see test/lib/match/term-index.test.ts).
import type { Query } from './query.ts';
import { isDense, tokenize, type PostTokens } from './tokenize.ts';

export interface Matchable {
  text: string;
  lang: string | null;
}

/** True when the post's language fits, no muted word is present, and some alternative is. */
export function matches(query: Query, post: Matchable, tokens = tokenize(post.text)): boolean {
  if (!langMatches(query.lang, post.lang)) return false;
  if (query.mutes.some((word) => hasWord(tokens, word))) return false;
  return query.alternatives.some((alt) => alt.every((word) => hasWord(tokens, word)));
}

/**
 * Whether a post has a term's word: a spaced word must be one of its words, whole; a
 * word of the unspaced scripts (Japanese, Chinese, Korean, Thai...) must lie inside one
 * of its runs, as a reader finds `東京` in 「東京タワーに行きたい」.
 */
export function hasWord(tokens: PostTokens, word: string): boolean {
  return isDense(word) ? tokens.runs.includes(word) : tokens.words.has(word);
}

/** A filter of `en` accepts `en`, `EN` and `en-GB`; no filter accepts anything. */
export function langMatches(wanted: string | null, actual: string | null): boolean {
  if (wanted === null) return true;
  if (actual === null) return false;
  const primary = actual.split('-')[0]!.toLowerCase();
  return primary === wanted;
}
