// Translates a parsed track query into an X filtered-stream rule. Every word is
// quoted and escaped, so whatever a person types can never become an operator.
// https://docs.x.com/x-api/posts/filtered-stream/integrate/build-a-rule
import { createHash } from 'node:crypto';
import type { Query } from '../../match/query.ts';

export const MAX_RULE_LENGTH = 1_024; // characters per rule, X's limit
export const TAG_PREFIX = 'stream-search:'; // marks the rules this app owns

// A hashtag or mention body the tokeniser produced: letters, digits, marks, `_`.
const ENTITY = /^([#@])([\p{L}\p{N}\p{M}_]+)$/u;

/**
 * The rule for a query: comma alternatives become `OR`, words in one alternative are
 * ANDed by spaces, mutes become negated words and a language becomes `lang:xx`.
 * `#tag` and `@name` keep X's hashtag and mention operators, which match the
 * entities exactly as track does; anything else is a quoted, escaped keyword.
 */
export function toRule(query: Query): string {
  const alternatives = query.alternatives.map((words) => {
    const and = words.map(operand).join(' ');
    return words.length > 1 && query.alternatives.length > 1 ? `(${and})` : and;
  });
  const any = alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : alternatives[0]!;
  const mutes = query.mutes.map((word) => ` -${operand(word)}`).join('');
  const lang = query.lang ? ` lang:${query.lang}` : '';
  return any + mutes + lang;
}

/** A stable tag for a rule value, so followers of equivalent terms share one rule. */
export function ruleTag(value: string): string {
  return TAG_PREFIX + createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** Whether a rule value fits X's length limit (counted in UTF-16 units, which is never less). */
export function fitsRuleLength(value: string): boolean {
  return value.length <= MAX_RULE_LENGTH;
}

function operand(word: string): string {
  if (ENTITY.test(word)) return word;
  return `"${word.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}
