// Makes untrusted text (a term, a post) safe to put in a log line: short, and with
// every invisible or line-breaking character spelled out, so a crafted term cannot
// start a fake line or reorder what a person reading the log sees.

export const MAX_LOGGED_TEXT = 80; // characters of untrusted text kept in a log line

// Controls, format characters (bidi overrides, zero-width), line and paragraph
// separators, and lone surrogates.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

export function logText(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const short = text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…` : text;
  return short.replace(UNSAFE, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}
