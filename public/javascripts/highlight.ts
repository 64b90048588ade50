// Marks the searched words in a post, using the server's tokeniser so that what is
// highlighted is exactly what matched. The result is text nodes and <mark> elements,
// never an HTML string, so a post's own markup can only ever show as text.
import { parseTerm } from '../../lib/match/query.ts';
import { fold, isDense, termTokens, WORD } from '../../lib/match/tokenize.ts';

/** The tokens worth marking for a term: every word of every alternative, never the mutes. */
export function highlightWords(term: string): Set<string> {
  const parsed = parseTerm(term);
  return new Set(parsed.ok ? parsed.value.query.alternatives.flat() : []);
}

/** The post's text as nodes, with each matching word wrapped in <mark>. */
export function highlight(text: string, words: ReadonlySet<string>): Array<Text | HTMLElement> {
  const nodes: Array<Text | HTMLElement> = [];
  const inRuns = [...words].filter(isDense);
  let last = 0;
  const mark = (start: number, end: number) => {
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    const element = document.createElement('mark');
    element.textContent = text.slice(start, end);
    nodes.push(element);
    last = end;
  };
  for (const match of text.matchAll(WORD)) {
    if (marks(match[0], words)) {
      mark(match.index, match.index + match[0].length);
    } else if (inRuns.length > 0 && isDense(match[2]!)) {
      // A run of an unspaced script: mark the part of it that matched, as the server found it
      const offset = match.index + match[0].length - match[2]!.length;
      for (const [start, end] of within(match[2]!, inRuns)) mark(offset + start, offset + end);
    }
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// `#cats` in a post counts as `cats` too (tokenize adds both), but a `#cats` term marks only hashtags
function marks(piece: string, words: ReadonlySet<string>): boolean {
  return termTokens(piece).some((token) => words.has(token) || words.has(token.replace(/^[#@]/, '')));
}

/**
 * Where the words occur in a run, left to right and never overlapping, the longest first
 * at each place. The server matches the folded run (tokenize.ts); when folding leaves the
 * run as it is, which is usual, places in both agree and a plain search does. Otherwise
 * (half-width katakana, say) each piece of the run is folded on its own to find them.
 */
function within(run: string, words: string[]): Array<[number, number]> {
  const folded = fold(run);
  const same = folded === run;
  const found: Array<[number, number]> = [];
  let at = 0;
  while (at < run.length) {
    let end = -1;
    for (const word of words) {
      const stop = same ? (folded.startsWith(word, at) ? at + word.length : -1) : foldedEnd(run, at, word);
      if (stop > end) end = stop;
    }
    if (end > at) {
      found.push([at, end]);
      at = end;
    } else {
      at += run.codePointAt(at)! > 0xffff ? 2 : 1;
    }
  }
  return found;
}

/** The end of the shortest piece of `run` from `start` that folds to `word`, or -1. */
function foldedEnd(run: string, start: number, word: string): number {
  // Folding never more than triples a character's length, nor shrinks a piece below a third
  const limit = Math.min(run.length, start + word.length * 3);
  for (let end = start + 1; end <= limit; end += 1) if (fold(run.slice(start, end)) === word) return end;
  return -1;
}
