// Which searches are too broad to follow on X. X bills every post it delivers, and a
// rule such as `the` or `a, i, to` matches a large share of everything posted, so a
// term is refused on X when any of its comma alternatives is made only of very common
// words or words of one or two letters (an OR rule is as broad as its broadest part).
// Mutes and a language filter narrow a rule too little to change that. Other sources
// cost nothing per post and still take such terms.
import { isCommonWord } from '../../match/common-words.ts';
import type { Query } from '../../match/query.ts';

export const MIN_WORD_LETTERS = 3; // shorter words are in nearly every post

// Scripts written without spaces, where one or two characters are a whole word (東京,
// 서울): there only a single character counts as too short.
const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Whether a query would match too much of X to pay for. */
export function tooBroadForX(query: Query): boolean {
  return query.alternatives.some((words) => words.every(isBroad));
}

function isBroad(token: string): boolean {
  const word = token.replace(/^[#@]/, '');
  const letters = [...word].length;
  const shortest = DENSE_SCRIPT.test(word) ? 2 : MIN_WORD_LETTERS;
  // One list of common words for the whole app (lib/match/common-words.ts): the index
  // avoids filing terms under them, and X refuses rules made only of them
  return letters < shortest || isCommonWord(word);
}
