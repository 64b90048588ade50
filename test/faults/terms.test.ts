// Fault suite, terms: hostile search terms are refused with a sentence, or matched
// literally as words, never as patterns or upstream operators.
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ERRORS, MAX_TERM_LENGTH } from '../../lib/contract/errors.ts';
import { matches } from '../../lib/match/match.ts';
import { MAX_POST_TEXT } from '../../lib/sources/post.ts';
import { parseTerm } from '../../lib/match/query.ts';
import { toRule } from '../../lib/sources/x/rule.ts';
import { collectPosts, request, startServer, stillServes, type TestServer } from '../helpers/server.ts';

const REDOS_BOUND = 10; // ms: matching one hostile term against one long post

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});

async function follow(term: unknown): Promise<unknown> {
  const client = await server.client();
  const answer = await request(client, 'updateTerm', term);
  client.disconnect();
  return answer;
}

describe('updateTerm with hostile terms', () => {
  it.each([
    ['empty', '', CLIENT_ERRORS.termEmpty],
    ['whitespace only', ' \t\n\u3000 ', CLIENT_ERRORS.termEmpty],
    ['one character over the length limit', 'a'.repeat(MAX_TERM_LENGTH + 1), CLIENT_ERRORS.termTooLong],
    ['a control character', 'cats\u0000dogs', CLIENT_ERRORS.termBadCharacters],
    ['an escape sequence', 'cats\u001b[2J', CLIENT_ERRORS.termBadCharacters],
    ['a right-to-left override', 'cats\u202egod', CLIENT_ERRORS.termBadCharacters],
    ['a lone surrogate', 'cats\ud800', CLIENT_ERRORS.termBadCharacters],
  ])('refuses %s with a sentence and follows nothing', async (_name, term, error) => {
    expect(await follow(term)).toEqual({ error });
    expect(server.hub.index.size).toBe(0);
    await stillServes(server);
  });

  it.each([
    ['.*', CLIENT_ERRORS.termNoWords],
    ['(a+)+$', null],
    ['[a-z]', null],
    ['c.t', null],
    ['\\d+|x', null],
  ])('treats the regex metacharacters in %j as punctuation', async (term, error) => {
    const answer = await follow(term);
    if (error) expect(answer).toEqual({ error });
    else expect(answer).toHaveProperty('data');
    await stillServes(server);
  });

  it('matches "c.t" as the two words c and t, never as the pattern', () => {
    const parsed = parseTerm('c.t');
    expect(parsed.ok && parsed.value.query.alternatives).toEqual([['c', 't']]);
    if (!parsed.ok) return;
    expect(matches(parsed.value.query, { text: 'cat', lang: 'en' })).toBe(false);
    expect(matches(parsed.value.query, { text: 'plan c or plan t', lang: 'en' })).toBe(true);
  });

  it(`matches a ReDoS term against a long hostile post in under ${REDOS_BOUND} ms`, () => {
    const parsed = parseTerm('(a+)+$ , ((a|a)*)*b');
    if (!parsed.ok) throw new Error(parsed.error);
    const post = { text: `${'a'.repeat(MAX_POST_TEXT - 1)}!`, lang: 'en' };
    matches(parsed.value.query, post); // warm up the regex engine once
    const started = performance.now();
    const result = matches(parsed.value.query, post);
    const elapsed = performance.now() - started;
    expect(result).toBe(false); // the post is one long word, not the word "a"
    expect(elapsed).toBeLessThan(REDOS_BOUND);
  });
});

// Every accepted term must work end to end: the room name holds the normalised term, and
// the hub rebuilds the query from it. A term that grew past the limit when normalised
// (", " after each comma) used to be acked, then matched nothing, ever.
describe('updateTerm with a term that grows when normalised', () => {
  // Ten comma-separated words of 11 letters: 119 characters as typed, 128 once normalised
  const TERM = Array.from({ length: 10 }, (_, i) => String.fromCharCode(97 + i).repeat(11)).join(',');

  it('is refused with a sentence, or followed and receives a matching post', async () => {
    expect(TERM).toHaveLength(119);
    const client = await server.client();
    const posts = collectPosts(client);
    const answer = await request(client, 'updateTerm', TERM);
    if (answer && typeof answer === 'object' && 'error' in answer) {
      expect(answer).toEqual({ error: CLIENT_ERRORS.termTooLongNormalised });
      expect(server.hub.index.size).toBe(0);
    } else {
      expect(answer).toHaveProperty('data');
      server.source.push('jjjjjjjjjjj is here');
      await request(client, 'startStream'); // acked after any post emitted before it
      expect(posts).toEqual(['jjjjjjjjjjj is here']);
    }
    client.disconnect();
    await stillServes(server);
  });
});

// X operator injection: the X source turns a query into a filtered-stream rule.
describe('toRule (X operator injection)', () => {
  it('never lets a term add operators of its own', () => {
    for (const term of ['cats OR from:elonmusk', 'dogs -is:retweet has:links', 'x" OR "y', 'lang:fr url:"evil"', '(a OR b)']) {
      const parsed = parseTerm(term);
      if (!parsed.ok) continue;
      const rule = toRule(parsed.value.query);
      // Outside quoted phrases only structure may remain: spaces, parentheses, OR, a minus and lang:xx
      const outside = rule.replace(/"(?:[^"\\]|\\.)*"/g, '').replace(/\blang:[a-z]{2,3}\b/g, '');
      expect(outside, rule).toMatch(/^[\s()-]*(?:OR[\s()-]*)*$/);
    }
  });
});
