// Splits text into the whole-word tokens that track matching works on.
// One tokeniser serves posts and terms alike, so both sides always agree.

// A word is a run of letters, digits, combining marks or underscores. A `#` or `@`
// directly in front of it, at a word boundary, makes it a hashtag or mention too.
export const WORD = /(?<![\p{L}\p{N}\p{M}_])([#@]?)([\p{L}\p{N}\p{M}_]+)/gu;

// Posts are tokenised by a hand-written scan that gives exactly what WORD gives (a
// property test holds it to that) at about twice the speed, because every post in the
// firehose pays for it. A table answers "is this a word character?" for the BMP. It
// is built on the first tokenize(), not at load: the page imports this file for
// termTokens() and WORD only, and should not pay for a table it never reads.
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
let bmpWord: Uint8Array | undefined; // 64 KB, built once in a few ms

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code += 1) {
    if (code < 0xd800 || code > 0xdfff) table[code] = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0;
  }
  return table;
}
const HASH = 0x23;
const AT = 0x40;
const NON_ASCII = /[^\x00-\x7f]/;

/** Folds case and compatibility forms, so `Cats`, `CATS` and full-width `ｃａｔｓ` agree. */
export function fold(text: string): string {
  // ASCII is already in NFKC form, and most posts are ASCII
  return (NON_ASCII.test(text) ? text.normalize('NFKC') : text).toLowerCase();
}

/**
 * The tokens of a post: every word, plus `#word` / `@word` for hashtags and mentions.
 * So "#Cats rule!" gives `cats`, `#cats` and `rule`; punctuation never counts.
 */
export function tokenize(text: string): Set<string> {
  const table = (bmpWord ??= buildBmpTable());
  const tokens = new Set<string>();
  const folded = fold(text);
  const end = folded.length;
  let i = 0;
  let afterWord = false; // a `#` or `@` right after a word is not an entity
  while (i < end) {
    let width = wordCharWidth(table, folded, i);
    let start = i;
    let entity = false;
    if (width === 0) {
      const code = folded.charCodeAt(i);
      entity = (code === HASH || code === AT) && !afterWord && wordCharWidth(table, folded, i + 1) > 0;
      if (!entity) {
        afterWord = false;
        i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
        continue;
      }
      start = i + 1;
    }
    let stop = start;
    while (stop < end && (width = wordCharWidth(table, folded, stop)) > 0) stop += width;
    const word = folded.slice(start, stop);
    tokens.add(word);
    if (entity) tokens.add(folded[i] + word);
    i = stop;
    afterWord = true;
  }
  return tokens;
}

/** How many UTF-16 units the word character at `i` takes: 0 when it is not one. */
function wordCharWidth(table: Uint8Array, text: string, i: number): number {
  if (i >= text.length) return 0;
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff) return table[code]!;
  const point = text.codePointAt(i)!;
  return point > 0xffff && WORD_CHAR.test(String.fromCodePoint(point)) ? 2 : 0;
}

/**
 * The tokens a word of a search term stands for: `Cats!` is `cats`, `#cats` stays
 * `#cats` (it matches only the hashtag), and `e-mail` is `e` and `mail`.
 */
export function termTokens(word: string): string[] {
  return Array.from(fold(word).matchAll(WORD), ([, entity, body]) => entity + body!);
}
