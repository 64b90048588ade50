// Splits text into the whole-word tokens that track matching works on.
// One tokeniser serves posts and terms alike, so both sides always agree.

// A word is a run of letters, digits, combining marks or underscores. A `#` or `@`
// directly in front of it, at a word boundary, makes it a hashtag or mention too.
export const WORD = /(?<![\p{L}\p{N}\p{M}_])([#@]?)([\p{L}\p{N}\p{M}_]+)/gu;

/** Folds case and compatibility forms, so `Cats`, `CATS` and full-width `ｃａｔｓ` agree. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The tokens of a post: every word, plus `#word` / `@word` for hashtags and mentions.
 * So "#Cats rule!" gives `cats`, `#cats` and `rule`; punctuation never counts.
 */
export function tokenize(text: string): Set<string> {
  const tokens = new Set<string>();
  for (const [, entity, word] of fold(text).matchAll(WORD)) {
    tokens.add(word!);
    if (entity) tokens.add(entity + word);
  }
  return tokens;
}

/**
 * The tokens a word of a search term stands for: `Cats!` is `cats`, `#cats` stays
 * `#cats` (it matches only the hashtag), and `e-mail` is `e` and `mail`.
 */
export function termTokens(word: string): string[] {
  return Array.from(fold(word).matchAll(WORD), ([, entity, body]) => entity + body!);
}
