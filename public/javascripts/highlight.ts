// Marks the searched words in a post, using the server's tokeniser so that what is
// highlighted is exactly what matched. The result is text nodes and <mark> elements,
// never an HTML string, so a post's own markup can only ever show as text.
import { parseTerm } from '../../lib/match/query.ts';
import { termTokens, WORD } from '../../lib/match/tokenize.ts';

/** The tokens worth marking for a term: every word of every alternative, never the mutes. */
export function highlightWords(term: string): Set<string> {
  const parsed = parseTerm(term);
  return new Set(parsed.ok ? parsed.value.query.alternatives.flat() : []);
}

/** The post's text as nodes, with each matching word wrapped in <mark>. */
export function highlight(text: string, words: ReadonlySet<string>): Array<Text | HTMLElement> {
  const nodes: Array<Text | HTMLElement> = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (!marks(match[0], words)) continue;
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const mark = document.createElement('mark');
    mark.textContent = match[0];
    nodes.push(mark);
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

// `#cats` in a post counts as `cats` too (tokenize adds both), but a `#cats` term marks only hashtags
function marks(piece: string, words: ReadonlySet<string>): boolean {
  return termTokens(piece).some((token) => words.has(token) || words.has(token.replace(/^[#@]/, '')));
}
