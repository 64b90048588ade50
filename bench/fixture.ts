// Generated text with the shape of real public posts, and distinct search terms over
// the same vocabulary. Seeded, so every run measures the same workload.
//
// Real posts: a median near 12 words and a long tail up to ~50, words drawn from a
// Zipf-like vocabulary (a few words are everywhere, most are rare), with hashtags,
// mentions, links, emoji and punctuation sprinkled in.
import type { Query } from '../lib/match/query.ts';
import { parseTerm } from '../lib/match/query.ts';
import { seededRandom } from '../lib/support/random.ts';

export const VOCABULARY_SIZE = 60_000; // distinct words
const ZIPF_S = 1.05; // exponent of the word-frequency law
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ba', 'de', 'fi', 'go', 'hu', 'ja', 'pe', 'qu', 'ze', 'xo', 'wy', 'an', 'or', 'st', 'tr', 'el'];
const EXTRAS = ['!', '?', '.', ',', '…', ' 😂', ' 🔥', ' ❤️', ' 👀', ' https://t.co/x1y2z3', ''];

export interface BenchPost {
  text: string;
  lang: string | null;
}


/** Distinct pronounceable words, most frequent first. */
export function vocabulary(size = VOCABULARY_SIZE, seed = 7): string[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  while (seen.size < size) {
    const syllables = 1 + Math.floor(random() * 3 + random() * 2); // 1-4, mostly 2-3
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (random() < 0.3) word += String(Math.floor(random() * 100));
    seen.add(word);
  }
  return [...seen];
}

/** Draws vocabulary ranks with a Zipf law, by inverting a precomputed cumulative table. */
function zipfSampler(size: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) cumulative[rank] = total += 1 / (rank + 1) ** ZIPF_S;
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Word counts with a median near 12 and a tail to 50, like real short posts. */
function postLength(random: () => number): number {
  const normal = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  return Math.max(1, Math.min(50, Math.round(Math.exp(2.45 + 0.55 * normal))));
}

export function posts(count: number, words = vocabulary(), seed = 11): BenchPost[] {
  const random = seededRandom(seed);
  const rank = zipfSampler(words.length, random);
  const out: BenchPost[] = [];
  for (let i = 0; i < count; i += 1) {
    const parts: string[] = [];
    const length = postLength(random);
    for (let w = 0; w < length; w += 1) {
      let word = words[rank()]!;
      const roll = random();
      if (roll < 0.04) word = `#${word}`;
      else if (roll < 0.06) word = `@${word}`;
      else if (roll < 0.1) word = word[0]!.toUpperCase() + word.slice(1);
      parts.push(word);
    }
    const text = parts.join(' ') + EXTRAS[Math.floor(random() * EXTRAS.length)]!;
    out.push({ text, lang: random() < 0.8 ? 'en' : random() < 0.5 ? 'es' : null });
  }
  return out;
}

/**
 * `count` distinct terms as people type them: mostly one word, some AND pairs, some
 * OR lists, a few with a mute or a language. Words skew to the rarer end, as searches do.
 */
export function terms(count: number, words = vocabulary(), seed = 13): Array<{ key: string; query: Query }> {
  const random = seededRandom(seed);
  const pick = () => words[Math.floor(random() ** 0.5 * words.length)]!;
  const out: Array<{ key: string; query: Query }> = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const roll = random();
    let text = pick();
    if (roll < 0.2) text = `${pick()} ${pick()}`;
    else if (roll < 0.3) text = `${pick()}, ${pick()}, ${pick()}`;
    else if (roll < 0.35) text = `${pick()} -${pick()}`;
    else if (roll < 0.4) text = `#${pick()}`;
    const lang = random() < 0.1 ? 'en' : null;
    const parsed = parseTerm(text, lang);
    if (!parsed.ok) continue;
    const key = `${lang ?? '*'}:${parsed.value.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, query: parsed.value.query });
  }
  return out;
}
