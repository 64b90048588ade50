import { describe, expect, it } from 'vitest';
import { parseTerm, type Query } from '../../../../lib/match/query.ts';
import { tooBroadForX } from '../../../../lib/sources/x/common-words.ts';

function query(term: string): Query {
  const parsed = parseTerm(term);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.query;
}

describe('tooBroadForX', () => {
  it.each(['the', 'the, a, i, to, and', 'a', 'to be', 'I', 'ok', '#ai', '@x', 'the and for', 'que', 'die das', 'の', 'love you'])(
    'refuses %j: only very common or very short words',
    (term) => expect(tooBroadForX(query(term))).toBe(true),
  );

  it.each(['cats', 'the cats', 'to be or not to be hamlet', '#javascript', '東京', 'サッカー', 'ok boomer', 'rust lang'])(
    'accepts %j: at least one word narrows it',
    (term) => expect(tooBroadForX(query(term))).toBe(false),
  );

  it('refuses a term when any comma alternative is too broad, since OR is as broad as its broadest part', () => {
    expect(tooBroadForX(query('cats, the'))).toBe(true);
    expect(tooBroadForX(query('cats, dogs'))).toBe(false);
  });

  it('is not narrowed enough by mutes or a language', () => {
    expect(tooBroadForX(query('the -cats'))).toBe(true);
    expect(tooBroadForX({ ...query('the'), lang: 'en' })).toBe(true);
  });
});
