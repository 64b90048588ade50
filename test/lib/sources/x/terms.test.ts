import { describe, expect, it } from 'vitest';
import type { Query } from '../../../../lib/match/query.ts';
import { ruleTag } from '../../../../lib/sources/x/rule.ts';
import { TermRules } from '../../../../lib/sources/x/terms.ts';

const cats: Query = { alternatives: [['cats']], mutes: [], lang: null };
const dogs: Query = { alternatives: [['dogs']], mutes: [], lang: 'en' };

describe('TermRules', () => {
  it('maps terms to rules and a rule tag back to every term that needs it', () => {
    const terms = new TermRules();
    terms.add('term:*:cats', cats);
    terms.add('other:cats', cats);
    terms.add('term:en:dogs', dogs);
    expect(terms.tags()).toEqual([ruleTag('"cats"'), ruleTag('"dogs" lang:en')]);
    expect(terms.termKeysFor(ruleTag('"cats"'))).toEqual(['term:*:cats', 'other:cats']);
    expect(terms.valueOf(ruleTag('"dogs" lang:en'))).toBe('"dogs" lang:en');
    expect(terms.termKeysFor('unknown')).toEqual([]);
  });

  it('gives back a rule\'s tag only when its last term goes', () => {
    const terms = new TermRules();
    terms.add('a', cats);
    terms.add('b', cats);
    expect(terms.remove('a')).toBeNull();
    expect(terms.remove('b')).toBe(ruleTag('"cats"'));
    expect(terms.remove('b')).toBeNull();
    expect(terms.tags()).toEqual([]);
  });
});
