import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTerm, type Query } from '../../../../lib/match/query.ts';
import { fitsRuleLength, MAX_RULE_LENGTH, ruleTag, TAG_PREFIX, toRule } from '../../../../lib/sources/x/rule.ts';

function ruleFor(term: string, lang: string | null = null): string {
  const parsed = parseTerm(term, lang);
  if (!parsed.ok) throw new Error(parsed.error);
  return toRule(parsed.value.query);
}

describe('toRule', () => {
  it.each([
    ['cats', null, '"cats"'],
    ['Red Car', null, '"red" "car"'],
    ['cats, dogs', null, '("cats" OR "dogs")'],
    ['red car, cats', null, '(("red" "car") OR "cats")'],
    ['cats -dogs', null, '"cats" -"dogs"'],
    ['cats, birds -dogs -#bots', null, '("cats" OR "birds") -"dogs" -#bots'],
    ['#Cats', null, '#cats'],
    ['@bob hello', null, '@bob "hello"'],
    ['cats', 'en', '"cats" lang:en'],
    ['chats, chiens', 'fr-CA', '("chats" OR "chiens") lang:fr'],
    ['café', null, '"café"'],
    ['ｃａｔｓ', null, '"cats"'],
  ])('translates %j (lang %s) to %s', (term, lang, rule) => {
    expect(ruleFor(term, lang)).toBe(rule);
  });

  it.each([
    ['cats OR dogs', '"cats" "or" "dogs"'],
    ['is:retweet', '"is" "retweet"'],
    ['"exact phrase" (group)', '"exact" "phrase" "group"'],
    ['from:someone', '"from" "someone"'],
    ['-', null],
  ])('never lets %j become an operator', (term, rule) => {
    if (rule === null) expect(parseTerm(term).ok).toBe(false);
    else expect(ruleFor(term)).toBe(rule);
  });

  it('quotes and escapes any word that is not a plain entity', () => {
    const query: Query = { alternatives: [['a"b\\', '#x y', '@']], mutes: ['")'], lang: null };
    expect(toRule(query)).toBe('"a\\"b\\\\" "#x y" "@" -"\\")"');
  });

  it('leaves only our own operators outside quotes, whatever is typed', () => {
    const operators = /"(?:[^"\\]|\\.)*"|(?<![\p{L}\p{N}\p{M}_])[#@][\p{L}\p{N}\p{M}_]+| OR |lang:[a-z]{2,3}/gu;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (term) => {
        const parsed = parseTerm(term);
        if (!parsed.ok) return;
        const rest = toRule(parsed.value.query).replace(operators, '');
        expect(rest).toMatch(/^[()\s-]*$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ruleTag', () => {
  it('is stable for a rule value and marks the rule as ours', () => {
    const tag = ruleTag('"cats"');
    expect(tag).toBe(ruleTag('"cats"'));
    expect(tag.startsWith(TAG_PREFIX)).toBe(true);
    expect(tag).not.toBe(ruleTag('"dogs"'));
  });
});

describe('fitsRuleLength', () => {
  it('accepts 1,024 characters and refuses more', () => {
    expect(fitsRuleLength('x'.repeat(MAX_RULE_LENGTH))).toBe(true);
    expect(fitsRuleLength('x'.repeat(MAX_RULE_LENGTH + 1))).toBe(false);
  });
});
