// The reference matcher: one query against one post, written to be obviously right.
// The term index must agree with it on every post (see test/lib/match/term-index.test.ts).
import type { Query } from './query.ts';
import { tokenize } from './tokenize.ts';

export interface Matchable {
  text: string;
  lang: string | null;
}

/** True when the post's language fits, no muted word is present, and some alternative is. */
export function matches(query: Query, post: Matchable, tokens = tokenize(post.text)): boolean {
  if (!langMatches(query.lang, post.lang)) return false;
  if (query.mutes.some((word) => tokens.has(word))) return false;
  return query.alternatives.some((alt) => alt.every((word) => tokens.has(word)));
}

/** A filter of `en` accepts `en`, `EN` and `en-GB`; no filter accepts anything. */
export function langMatches(wanted: string | null, actual: string | null): boolean {
  if (wanted === null) return true;
  if (actual === null) return false;
  const primary = actual.split('-')[0]!.toLowerCase();
  return primary === wanted;
}
