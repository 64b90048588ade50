// Matcher throughput: the term index against the naive regex loop, at growing term counts.
import { parseTerm } from '../lib/match/query.ts';
import { TermIndex } from '../lib/match/term-index.ts';
import { tokenize } from '../lib/match/tokenize.ts';
import { mixedPosts, mixedTerms, posts, terms, vocabulary, type BenchPost } from './fixture.ts';
import { NaiveMatcher } from './naive.ts';

// Past this many terms the naive loop's compiled regexes need gigabytes, so its rate
// is extrapolated linearly from the largest size it ran at (its cost is linear in terms).
export const NAIVE_MAX_TERMS = 10_000;

export interface MatcherRow {
  terms: number;
  indexPostsPerSec: number;
  naivePostsPerSec: number;
  ratio: number; // index / naive
  naiveExtrapolated: boolean;
  matchesPerPost: number;
}

const POSTS = 5_000; // fixture size, cycled

/** Posts per second of `fn` over the fixture, for about `budgetMs` of one core. */
function throughput(fixture: ReturnType<typeof posts>, budgetMs: number, fn: (i: number) => unknown): number {
  // Warm up the JIT (and the regex tier-up) for a quarter of the budget, at most 500 posts
  const warm = performance.now();
  for (let i = 0; i < Math.min(500, fixture.length) && performance.now() - warm < budgetMs / 4; i += 1) fn(i);
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let k = 0; k < 50; k += 1) fn((done + k) % fixture.length);
    done += 50;
    elapsed = performance.now() - start;
  }
  return (done / elapsed) * 1000;
}

export function runMatcher(sizes: number[], budgetMs: number): MatcherRow[] {
  const words = vocabulary();
  const fixture = posts(POSTS, words);
  const all = terms(Math.max(...sizes), words);
  const rows: MatcherRow[] = [];
  for (const size of sizes) {
    const chosen = all.slice(0, size);
    const index = new TermIndex();
    for (const { key, query } of chosen) index.add(key, query);
    let matched = 0;
    for (const post of fixture) matched += index.match(post).length;
    const indexRate = throughput(fixture, budgetMs, (i) => index.match(fixture[i]!));
    // The naive loop is slow at large sizes; a smaller budget still gives a stable rate.
    const naiveSize = Math.min(size, NAIVE_MAX_TERMS);
    const naive = new NaiveMatcher(chosen.slice(0, naiveSize));
    const naiveRate = (throughput(fixture, Math.min(budgetMs, 300), (i) => naive.match(fixture[i]!)) * naiveSize) / size;
    rows.push({
      terms: size,
      indexPostsPerSec: indexRate,
      naivePostsPerSec: naiveRate,
      ratio: indexRate / naiveRate,
      naiveExtrapolated: naiveSize < size,
      matchesPerPost: matched / fixture.length,
    });
  }
  return rows;
}

// A hostile load on the index: many terms that share one very common word, each with a
// short distinct word of its own ("the 0a1"). Filed under the shared word, every post
// containing it would check every one of those terms.
export const SHARED_WORD = 'the';

export interface SharedWordRow {
  terms: number;
  word: string;
  sharedPostsPerSec: number; // index holding `terms` terms "<word> <distinct word>"
  normalPostsPerSec: number; // index holding as many ordinary terms, on the same posts
  ratio: number; // µs per post, shared ÷ normal: 1 means the shared word costs nothing extra
  // Candidates a post checks, summed over its tokens: the same work the rates measure,
  // counted exactly, so a noisy machine cannot blur it
  sharedChecksPerPost: number;
  normalChecksPerPost: number;
}

/** The index on posts that all contain SHARED_WORD: terms that share it, against ordinary terms. */
export function runSharedWord(count: number, budgetMs: number): SharedWordRow {
  const words = vocabulary();
  const fixture = posts(POSTS, words).map((post) => ({ ...post, text: `${SHARED_WORD} ${post.text}` }));
  const shared = new TermIndex();
  for (let i = 0; i < count; i += 1) {
    // Three characters, like the shared word, so no length rule can tell them apart
    const distinct = i.toString(36).padStart(3, '0');
    const parsed = parseTerm(`${SHARED_WORD} ${distinct}`);
    if (!parsed.ok) throw new Error(parsed.error);
    shared.add(`*:${parsed.value.term}`, parsed.value.query);
  }
  const normal = new TermIndex();
  for (const { key, query } of terms(count, words)) normal.add(key, query);
  const sharedRate = throughput(fixture, budgetMs, (i) => shared.match(fixture[i]!));
  const normalRate = throughput(fixture, budgetMs, (i) => normal.match(fixture[i]!));
  return {
    terms: count,
    word: SHARED_WORD,
    sharedPostsPerSec: sharedRate,
    normalPostsPerSec: normalRate,
    ratio: normalRate / sharedRate,
    sharedChecksPerPost: checksPerPost(shared, fixture),
    normalChecksPerPost: checksPerPost(normal, fixture),
  };
}

function checksPerPost(index: TermIndex, fixture: BenchPost[]): number {
  let checks = 0;
  for (const post of fixture) for (const token of tokenize(post.text).words) checks += index.filedUnder(token);
  return checks / fixture.length;
}

// The index on a mixed-language stream: Japanese, Chinese, Korean and Thai posts beside
// English ones, with terms in those languages too. The reference is the same index, same
// run, on the English-only corpus and terms, so the ratio shows what the unspaced
// scripts cost.
export interface MixedRow {
  terms: number;
  mixedPostsPerSec: number;
  englishPostsPerSec: number; // reference
  ratio: number; // mixed ÷ English
  unspacedShare: number; // posts not in English (or Spanish) in the mixed corpus
  mixedMatchesPerPost: number;
}

export function runMixed(size: number, budgetMs: number): MixedRow {
  const words = vocabulary();
  const mixed = mixedPosts(POSTS, words);
  const mixedIndex = new TermIndex();
  for (const { key, query } of mixedTerms(size, words)) mixedIndex.add(key, query);
  const english = posts(POSTS, words);
  const englishIndex = new TermIndex();
  for (const { key, query } of terms(size, words)) englishIndex.add(key, query);
  let matched = 0;
  for (const post of mixed) matched += mixedIndex.match(post).length;
  const mixedRate = throughput(mixed, budgetMs, (i) => mixedIndex.match(mixed[i]!));
  const englishRate = throughput(english, budgetMs, (i) => englishIndex.match(english[i]!));
  return {
    terms: size,
    mixedPostsPerSec: mixedRate,
    englishPostsPerSec: englishRate,
    ratio: mixedRate / englishRate,
    unspacedShare: mixed.filter((post) => post.lang !== 'en' && post.lang !== 'es' && post.lang !== null).length / mixed.length,
    mixedMatchesPerPost: matched / mixed.length,
  };
}
