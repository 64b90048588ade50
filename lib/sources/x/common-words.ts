// Which searches are too broad to follow on X. X bills every post it delivers, and a
// rule such as `the` or `a, i, to` matches a large share of everything posted, so a
// term is refused on X when any of its comma alternatives is made only of very common
// words or words of one or two letters (an OR rule is as broad as its broadest part).
// Mutes and a language filter narrow a rule too little to change that. Other sources
// cost nothing per post and still take such terms.
import type { Query } from '../../match/query.ts';

export const MIN_WORD_LETTERS = 3; // shorter words are in nearly every post

// Scripts written without spaces, where one or two characters are a whole word (東京,
// 서울): there only a single character counts as too short.
const DENSE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

// The most frequent words in posts in the languages X carries most, three letters or
// longer (shorter ones are caught by length). A small list on purpose: it stops the
// obvious, and X_MAX_POSTS_PER_DAY caps whatever gets past it.
const COMMON = new Set(
  [
    // English
    'the and for you that this with have are was not but what all just like get can out '
      + 'now one your they his her him she our their them there here from about will would '
      + 'when who how why more some any its don dont cant too very been were '
      + 'has had did does doing then than into over also only much many lol omg yes yeah '
      + 'love good know time day today people new want got see think make really well way '
      + 'http https www com amp',
    // Spanish and Portuguese
    'que los las por con una del para como pero más mas sus todo esta este eso muy nos '
      + 'não nao com uma ele ela mais muito isso tem pra por',
    // French, German, Italian
    'les des est une pas qui que dans pour sur avec mais tout ses son der die das und ist '
      + 'nicht mit sie ein eine ich auf den dem che non per una sono',
  ]
    .join(' ')
    .split(' '),
);

/** Whether a query would match too much of X to pay for. */
export function tooBroadForX(query: Query): boolean {
  return query.alternatives.some((words) => words.every(isBroad));
}

function isBroad(token: string): boolean {
  const word = token.replace(/^[#@]/, '');
  const letters = [...word].length;
  const shortest = DENSE_SCRIPT.test(word) ? 2 : MIN_WORD_LETTERS;
  return letters < shortest || COMMON.has(word);
}
