// Turns what a person typed into a normalised query with Twitter's `track` semantics:
// a comma is OR, a space is AND, `-word` mutes, and case never matters.
import { termTokens } from './tokenize.ts';
import { CLIENT_ERRORS, MAX_TERM_LENGTH } from '../contract/errors.ts';

// MAX_TERM_LENGTH (lib/contract/errors.ts) bounds a term both as typed and once normalised.
// The normalised text is what the page echoes and what the term's room name holds, and it
// can be the longer of the two: ", " after each comma, " -" before each mute, and NFKC can
// widen one character to several.
export const MAX_ALTERNATIVES = 10; // comma-separated parts of one term
export const MAX_WORDS = 10; // words in one alternative, and mutes in one term

export interface Query {
  alternatives: string[][]; // any alternative matches when all its tokens are in the post
  mutes: string[]; // a post with any of these tokens never matches
  lang: string | null; // primary BCP 47 subtag, such as `en`
}

export interface ParsedTerm {
  term: string; // the normalised text echoed to the page
  query: Query;
}

export type ParseResult = { ok: true; value: ParsedTerm } | { ok: false; error: string };

// Bidirectional overrides and isolates can make a term read differently from what it
// matches; control characters have no place in a search box.
const FORBIDDEN = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const LANG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** Parses a term and an optional language filter; every rejection is a sentence for people. */
export function parseTerm(raw: unknown, rawLang: unknown = null): ParseResult {
  if (typeof raw !== 'string') return fail(CLIENT_ERRORS.termNotText);
  const text = raw.trim();
  if (text === '') return fail(CLIENT_ERRORS.termEmpty);
  if (text.length > MAX_TERM_LENGTH) return fail(CLIENT_ERRORS.termTooLong);
  if (!text.isWellFormed() || FORBIDDEN.test(text)) return fail(CLIENT_ERRORS.termBadCharacters);

  const lang = parseLang(rawLang);
  if (lang === undefined) return fail(CLIENT_ERRORS.badLanguage);

  const alternatives: string[][] = [];
  const mutes = new Set<string>();
  for (const part of text.split(',')) {
    const words = new Set<string>();
    for (const word of part.split(/\s+/)) {
      if (word.startsWith('-') && word.length > 1) {
        for (const token of termTokens(word.slice(1))) mutes.add(token);
      } else {
        for (const token of termTokens(word)) words.add(token);
      }
    }
    if (words.size > MAX_WORDS) return fail(CLIENT_ERRORS.termTooManyWords);
    if (words.size > 0 && !alternatives.some((alt) => sameWords(alt, words))) {
      alternatives.push([...words]);
    }
  }
  if (alternatives.length === 0) return fail(CLIENT_ERRORS.termNoWords);
  if (alternatives.length > MAX_ALTERNATIVES) return fail(CLIENT_ERRORS.termTooManyAlternatives);
  if (mutes.size > MAX_WORDS) return fail(CLIENT_ERRORS.termTooManyWords);

  const query: Query = { alternatives, mutes: [...mutes], lang };
  // The hub rebuilds the query from the normalised text (lib/delivery/rooms.ts), so a
  // term is accepted only when that text parses again: never acked and then unserved.
  const term = formatTerm(query);
  if (term.length > MAX_TERM_LENGTH) return fail(CLIENT_ERRORS.termTooLongNormalised);
  return { ok: true, value: { term, query } };
}

/**
 * The canonical text of a query; parsing it again gives the same query (a property
 * test in test/lib/match/query.test.ts holds it to that for every accepted term).
 */
export function formatTerm(query: Query): string {
  const mutes = query.mutes.map((word) => ` -${word}`).join('');
  return query.alternatives.map((alt) => alt.join(' ')).join(', ') + mutes;
}

function parseLang(raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined || raw === '' || raw === 'any') return null;
  if (typeof raw !== 'string' || !LANG.test(raw)) return undefined;
  return raw.split('-')[0]!.toLowerCase();
}

function sameWords(alt: string[], words: Set<string>): boolean {
  return alt.length === words.size && alt.every((word) => words.has(word));
}

function fail(error: string): ParseResult {
  return { ok: false, error };
}
