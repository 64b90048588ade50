// The obvious design the term index replaces, for comparison only: every post is
// tested against every term with case-insensitive whole-word regexes.
import type { Query } from '../lib/match/query.ts';
import { langMatches } from '../lib/match/match.ts';
import type { BenchPost } from './fixture.ts';

interface NaiveTerm {
  key: string;
  lang: string | null;
  alternatives: RegExp[][];
  mutes: RegExp[];
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordRegex = (word: string) => new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${escape(word)}(?![\\p{L}\\p{N}\\p{M}_])`, 'iu');

export class NaiveMatcher {
  readonly #terms: NaiveTerm[];

  constructor(terms: Array<{ key: string; query: Query }>) {
    this.#terms = terms.map(({ key, query }) => ({
      key,
      lang: query.lang,
      alternatives: query.alternatives.map((words) => words.map(wordRegex)),
      mutes: query.mutes.map(wordRegex),
    }));
  }

  match(post: BenchPost): string[] {
    const found: string[] = [];
    for (const term of this.#terms) {
      if (!langMatches(term.lang, post.lang)) continue;
      if (term.mutes.some((re) => re.test(post.text))) continue;
      if (term.alternatives.some((alt) => alt.every((re) => re.test(post.text)))) found.push(term.key);
    }
    return found;
  }
}
