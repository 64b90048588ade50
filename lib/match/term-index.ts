// An inverted index over every followed term, so matching a post costs about the
// same whether 10 or 100,000 terms are followed.
//
// Each alternative of a term is filed under one of its words, the one most likely
// to be rare. A post looks up only its own tokens, then confirms the few candidates
// it finds against the rest of their words, the mutes and the language.
//
// A post pays for every candidate filed under each of its tokens, so the choice of word
// is what keeps matching cheap when terms are hostile: 20,000 terms "the <word>" filed
// under "the" made every post containing "the" check all of them. Any word of an
// alternative is a correct place to file it (a match needs all of them), so the choice
// changes speed only, never which terms match.
//
// A word of the unspaced scripts (see tokenize.ts) matches inside a post's run, so it
// cannot be looked up whole. It is filed under one of its bigrams (two UTF-16 units;
// a one-unit word under itself), and a post looks up every bigram of its runs: a run
// that holds the word holds each of its bigrams. The candidate then confirms the word
// itself, so 「ラーメメン」 has every bigram of ラーメン and still does not match.
import { isCommonWord } from './common-words.ts';
import type { Query } from './query.ts';
import { langMatches, type Matchable } from './match.ts';
import { isDense, tokenize, type PostTokens } from './tokenize.ts';

interface Entry {
  termKey: string;
  query: Query;
  refs: number;
  matchedIn: number; // the last match() call that found it, so each term key is returned once
  filed: Array<[anchor: string, candidate: Candidate]>;
}

interface Candidate {
  entry: Entry;
  words: string[]; // spaced words, each a whole word of the post
  inRuns: string[]; // words of the unspaced scripts, each inside one of the post's runs
  // The unspaced word this alternative is filed under (by its piece at `pieceAt`), or ''.
  // A post found the piece at a known place, so the word is confirmed right there, not
  // searched for: every place the word occurs, its piece occurs too, and is looked up
  anchorWord: string;
  pieceAt: number;
  mutes: string[]; // the term's spaced mutes, and its unspaced ones apart, as the words
  mutesInRuns: string[];
}

// Candidates filed under one word before its count, not its length, decides where the
// next alternative goes. Below it, bucket sizes say little about how often a word is in
// posts; above it, the word is shared by many terms and one more would crowd it further.
export const CROWDED_BUCKET = 8;

export class TermIndex {
  readonly #entries = new Map<string, Entry>();
  #matches = 0; // match() calls so far; match is synchronous, so one counter serves
  // Arrays, not Sets: buckets are small, and a post iterates far more often than a term leaves
  readonly #byToken = new Map<string, Candidate[]>();
  // Alternatives filed under a bigram or a single character of an unspaced word, by
  // runKey(): a small integer is a faster key than a fresh two-character string, and
  // keys that collide only add candidates, which are confirmed word by word anyway
  readonly #byRun = new Map<number, Candidate[]>();
  // Alternatives filed under a single character: while there are none, a post skips
  // looking up each character of its runs, which would double its cost
  #singles = 0;

  /** Follows `termKey` once more; the first follow files it, in O(its words). */
  add(termKey: string, query: Query): void {
    const existing = this.#entries.get(termKey);
    if (existing) {
      existing.refs += 1;
      return;
    }
    const entry: Entry = { termKey, query, refs: 1, matchedIn: 0, filed: [] };
    this.#entries.set(termKey, entry);
    for (const words of query.alternatives) {
      const [anchor, anchorWord, pieceAt] = this.#rarest(words);
      const inRuns = anchorWord === '' ? words : words.filter((word) => word !== anchorWord);
      const candidate: Candidate = {
        entry,
        words: words.filter((word) => !isDense(word)),
        inRuns: inRuns.filter(isDense),
        anchorWord,
        pieceAt,
        mutes: query.mutes.filter((word) => !isDense(word)),
        mutesInRuns: query.mutes.filter(isDense),
      };
      if (anchor.length === 1 && isDense(anchor)) this.#singles += 1;
      const bucket = this.#bucket(anchor);
      if (bucket) bucket.push(candidate);
      else if (isDense(anchor)) this.#byRun.set(runKey(anchor, 0, anchor.length), [candidate]);
      else this.#byToken.set(anchor, [candidate]);
      entry.filed.push([anchor, candidate]);
    }
  }

  /** Drops one follow of `termKey`; returns true when nobody follows it any more. */
  remove(termKey: string): boolean {
    const entry = this.#entries.get(termKey);
    if (!entry) return false;
    entry.refs -= 1;
    if (entry.refs > 0) return false;
    this.#entries.delete(termKey);
    for (const [anchor, candidate] of entry.filed) {
      if (anchor.length === 1 && isDense(anchor)) this.#singles -= 1;
      const bucket = this.#bucket(anchor);
      if (!bucket) continue;
      const at = bucket.indexOf(candidate);
      if (at < 0) continue;
      bucket[at] = bucket[bucket.length - 1]!;
      bucket.pop();
      if (bucket.length > 0) continue;
      if (isDense(anchor)) this.#byRun.delete(runKey(anchor, 0, anchor.length));
      else this.#byToken.delete(anchor);
    }
    return true;
  }

  /**
   * The word to file an alternative under, by three rules in turn: not a common word if
   * it has any other; then a word whose bucket is not crowded (so terms sharing a word the
   * table does not know spread over their other words); then the longest, a hashtag or
   * mention first, since longer words are rarer in posts.
   */
  #rarest(words: string[]): [key: string, unspacedWord: string, pieceAt: number] {
    let best: [string, string, number] | undefined;
    for (const word of words) {
      const keys = lookupKeys(word);
      for (let at = 0; at < keys.length; at += 1) {
        if (best === undefined || this.#rarer(keys[at]!, best[0])) best = [keys[at]!, isDense(word) ? word : '', at];
      }
    }
    return best!;
  }

  #rarer(a: string, b: string): boolean {
    const common = Number(isCommonWord(a)) - Number(isCommonWord(b));
    if (common !== 0) return common < 0;
    const crowd = this.#crowding(a) - this.#crowding(b);
    if (crowd !== 0) return crowd < 0;
    return weight(a) > weight(b);
  }

  /** 0 for a bucket under CROWDED_BUCKET, then one more for each doubling past it. */
  #crowding(word: string): number {
    return 32 - Math.clz32(Math.floor(this.filedUnder(word) / CROWDED_BUCKET));
  }

  has(termKey: string): boolean {
    return this.#entries.has(termKey);
  }

  /** Distinct terms followed. */
  get size(): number {
    return this.#entries.size;
  }

  /** Tokens with at least one candidate; back to 0 when every term is gone. */
  get indexedTokens(): number {
    return this.#byToken.size + this.#byRun.size;
  }

  /** How many alternatives are filed under `token`: what a post containing it pays to check them. */
  filedUnder(token: string): number {
    return this.#bucket(token)?.length ?? 0;
  }

  #bucket(anchor: string): Candidate[] | undefined {
    return isDense(anchor) && anchor.length <= 2 ? this.#byRun.get(runKey(anchor, 0, anchor.length)) : this.#byToken.get(anchor);
  }

  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /** The term keys of every followed term the post matches, each once. */
  match(post: Matchable, tokens: PostTokens = tokenize(post.text)): string[] {
    // Runs for every post in the firehose: plain loops, and nothing allocated but the
    // result and the runs' two-character keys
    const termKeys: string[] = [];
    const call = ++this.#matches;
    const runs = tokens.runs;
    // Spaced words: the loop most posts pay for, kept inline
    for (const token of tokens.words) {
      const candidates = this.#byToken.get(token);
      if (candidates === undefined) continue;
      for (const { entry, words, inRuns, mutes, mutesInRuns } of candidates) {
        if (entry.matchedIn === call) continue;
        if (!hasAll(tokens.words, words)) continue;
        if (inRuns.length > 0 && !allInRuns(runs, inRuns)) continue;
        if (!langMatches(entry.query.lang, post.lang)) continue;
        if (hasAny(tokens.words, mutes) || (mutesInRuns.length > 0 && anyInRuns(runs, mutesInRuns))) continue;
        entry.matchedIn = call;
        termKeys.push(entry.termKey);
      }
    }
    if (runs === '') return termKeys;
    const singles = this.#singles > 0;
    for (let i = 0; i < runs.length; i += 1) {
      if (runs.charCodeAt(i) === NEWLINE) continue;
      if (singles) this.#check(this.#byRun.get(runKey(runs, i, 1)), tokens, post, call, termKeys, i);
      if (i + 1 < runs.length && runs.charCodeAt(i + 1) !== NEWLINE) {
        this.#check(this.#byRun.get(runKey(runs, i, 2)), tokens, post, call, termKeys, i);
      }
    }
    return termKeys;
  }

  /** Confirms the candidates filed under an unspaced piece found at `at` in the runs. */
  #check(candidates: Candidate[] | undefined, tokens: PostTokens, post: Matchable, call: number, termKeys: string[], at: number): void {
    if (candidates === undefined) return;
    for (const { entry, words, inRuns, anchorWord, pieceAt, mutes, mutesInRuns } of candidates) {
      if (entry.matchedIn === call) continue;
      if (anchorWord !== '' && !tokens.runs.startsWith(anchorWord, at - pieceAt)) continue;
      if (!hasAll(tokens.words, words)) continue;
      if (!allInRuns(tokens.runs, inRuns)) continue;
      if (!langMatches(entry.query.lang, post.lang)) continue;
      if (hasAny(tokens.words, mutes) || anyInRuns(tokens.runs, mutesInRuns)) continue;
      entry.matchedIn = call;
      termKeys.push(entry.termKey);
    }
  }
}

const NEWLINE = 0x0a;

/** The key of one UTF-16 unit of `text` at `i`, or of two: an integer V8 keeps unboxed (under 2^30). */
function runKey(text: string, i: number, length: 1 | 2 | number): number {
  const first = text.charCodeAt(i);
  if (length === 1) return first;
  return (Math.imul(first, 0x9e3779b1) ^ text.charCodeAt(i + 1)) >>> 2;
}

/** The keys a post can find `word` under: itself, or for an unspaced word its bigrams. */
function lookupKeys(word: string): string[] {
  if (!isDense(word) || word.length <= 2) return [word];
  const keys: string[] = [];
  for (let i = 0; i + 2 <= word.length; i += 1) keys.push(word.slice(i, i + 2));
  return keys;
}

function hasAll(tokens: Set<string>, words: string[]): boolean {
  for (const word of words) if (!tokens.has(word)) return false;
  return true;
}

function hasAny(tokens: Set<string>, words: string[]): boolean {
  for (const word of words) if (tokens.has(word)) return true;
  return false;
}

function anyInRuns(runs: string, words: string[]): boolean {
  for (const word of words) if (runs.includes(word)) return true;
  return false;
}

function allInRuns(runs: string, words: string[]): boolean {
  for (const word of words) if (!runs.includes(word)) return false;
  return true;
}

/** Longer words are rarer in practice, and hashtags and mentions rarer still. */
function weight(word: string): number {
  return word.length + (word.startsWith('#') || word.startsWith('@') ? 10 : 0);
}
