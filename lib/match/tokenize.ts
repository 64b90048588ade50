// Splits text into the whole-word tokens that track matching works on.
// One tokeniser serves posts and terms alike, so both sides always agree.

// A word is a run of letters, digits, combining marks or underscores. A `#` or `@`
// directly in front of it, at a word boundary, makes it a hashtag or mention too.
//
// Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer and Myanmar are written without
// spaces between words (Korean has spaces, but glues particles on: 서울에서 is 서울 + 에서),
// so a run of them is not one word to a reader. Such a run is a token of its own, split
// from any Latin letters it touches ("iPhoneを買った" is `iphone` and `を買った`), and a
// term's word in these scripts matches anywhere inside a post's run (see match.ts).
// Script_Extensions, not Script, so the marks they share count: ー, 々, the Thai vowels.
const DENSE_SCRIPTS = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Hangul}\\p{scx=Thai}\\p{scx=Lao}\\p{scx=Khmer}\\p{scx=Myanmar}';
const WORD_CLASS = '[\\p{L}\\p{N}\\p{M}_]';
const DENSE_CHAR = `(?=${WORD_CLASS})[${DENSE_SCRIPTS}]`;
const SPACED_CHAR = `(?!${DENSE_CHAR})${WORD_CLASS}`;
// Group 1: the `#` or `@` (absent when there is none); group 2: the word
export const WORD = new RegExp(`(?:(?<!${WORD_CLASS})([#@]))?((?:${DENSE_CHAR})+|(?:${SPACED_CHAR})+)`, 'gu');
const DENSE_START = new RegExp(`^${DENSE_CHAR}`, 'u');

/** True for a word in the scripts written without spaces: it matches inside a post's runs. */
export function isDense(word: string): boolean {
  return DENSE_START.test(word);
}

// Posts are tokenised by a hand-written scan that gives exactly what WORD gives (a
// property test holds it to that) at about twice the speed, because every post in the
// firehose pays for it. A table answers "is this a word character, and of which kind?"
// for the BMP. It is built on the first tokenize(), not at load: the page imports this
// file for termTokens() and WORD only, and should not pay for a table it never reads.
const WORD_CHAR = new RegExp(WORD_CLASS, 'u');
const DENSE_WORD_CHAR = new RegExp(DENSE_CHAR, 'u');
const SPACED = 1;
const DENSE = 2;
let bmpWord: Uint8Array | undefined; // 64 KB, built once in a few ms

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    table[code] = charKind(String.fromCharCode(code));
  }
  return table;
}

function charKind(char: string): number {
  return DENSE_WORD_CHAR.test(char) ? DENSE : WORD_CHAR.test(char) ? SPACED : 0;
}
const HASH = 0x23;
const AT = 0x40;
const NON_ASCII = /[^\x00-\x7f]/;

/** Folds case and compatibility forms, so `Cats`, `CATS` and full-width `ｃａｔｓ` agree. */
export function fold(text: string): string {
  // ASCII is already in NFKC form, and most posts are ASCII
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text).toLowerCase();
}

/** A post as matching sees it. */
export interface PostTokens {
  // Every spaced word, plus `#word` / `@word` for hashtags and mentions in any script
  words: Set<string>;
  // The runs of the unspaced scripts, joined by a newline (which no token contains), so
  // a term's word found in it lies inside one run: `東京` is in 「東京タワー」, not in 「東。京」
  runs: string;
}

/**
 * The tokens of a post: every word, plus `#word` / `@word` for hashtags and mentions.
 * So "#Cats rule!" gives `cats`, `#cats` and `rule`; punctuation never counts. Runs of
 * the unspaced scripts go to `runs` instead, each once per place it appears.
 */
export function tokenize(text: string): PostTokens {
  const table = (bmpWord ??= buildBmpTable());
  const words = new Set<string>();
  let runs = '';
  const folded = fold(text);
  const end = folded.length;
  let i = 0;
  let afterWord = false; // a `#` or `@` right after a word is not an entity
  while (i < end) {
    let kind = charKindAt(table, folded, i);
    let start = i;
    let entity = false;
    if (kind === 0) {
      const code = folded.charCodeAt(i);
      entity = (code === HASH || code === AT) && !afterWord && (kind = charKindAt(table, folded, i + 1)) !== 0;
      if (!entity) {
        afterWord = false;
        i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
        continue;
      }
      start = i + 1;
    }
    let stop = start;
    while (stop < end) {
      const code = folded.charCodeAt(stop);
      if (code < 0xd800 || code > 0xdbff) {
        if (table[code] !== kind) break;
        stop += 1;
      } else {
        if (charKindAt(table, folded, stop) !== kind) break;
        stop += 2;
      }
    }
    const word = folded.slice(start, stop);
    if (kind === DENSE) runs = runs === '' ? word : `${runs}\n${word}`;
    else words.add(word);
    if (entity) words.add(folded[i] + word);
    i = stop;
    afterWord = true;
  }
  return { words, runs };
}

/** The kind of the character at `i`: 0 when it is not a word character, SPACED or DENSE. */
function charKindAt(table: Uint8Array, text: string, i: number): number {
  if (i >= text.length) return 0;
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff) return table[code]!;
  const point = text.codePointAt(i)!;
  return point > 0xffff ? charKind(String.fromCodePoint(point)) : 0;
}

/**
 * The tokens a word of a search term stands for: `Cats!` is `cats`, `#cats` stays
 * `#cats` (it matches only the hashtag), and `e-mail` is `e` and `mail`.
 */
export function termTokens(word: string): string[] {
  return Array.from(fold(word).matchAll(WORD), ([, entity, body]) => (entity ?? '') + body!);
}
