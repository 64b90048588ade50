// Property tests with fast-check: any input to updateTerm is either refused with an
// allow-listed sentence or accepted, the server never throws, and the matcher agrees
// with a plain regular-expression reference on whole-word boundaries.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ERRORS } from '../../lib/contract/errors.ts';
import { matches } from '../../lib/match/match.ts';
import { parseTerm, type Query } from '../../lib/match/query.ts';
import { fold } from '../../lib/match/tokenize.ts';
import { ManualSource } from '../helpers/manual-source.ts';
import { request, startServer, stillServes, type TestClient, type TestServer } from '../helpers/server.ts';

const SENTENCES = new Set<unknown>(Object.values(CLIENT_ERRORS).filter((sentence) => sentence !== CLIENT_ERRORS.internal));

// Anything a client could put in the first argument of updateTerm
const anyRequest = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }), // lone surrogates included
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.record({ term: fc.oneof(fc.string(), fc.anything()), lang: fc.oneof(fc.constant(undefined), fc.string(), fc.anything()) }, { requiredKeys: [] }),
  fc.json().map((json) => JSON.parse(json) as unknown),
);

describe('updateTerm (property)', () => {
  let server: TestServer;
  let client: TestClient;
  beforeAll(async () => {
    server = await startServer(new ManualSource(), { limits: { eventBurst: 100_000 } });
    client = await server.client();
  });
  afterAll(() => server.close());

  it('answers any input with { data } or an allow-listed { error }, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest, async (input) => {
        const answer = (await request(client, 'updateTerm', input)) as { data?: { term: string }; error?: string };
        if ('error' in answer) expect(SENTENCES).toContain(answer.error);
        else expect(parseTerm(answer.data!.term).ok).toBe(true); // the echoed term is itself valid
      }),
      { numRuns: 300 },
    );
    await stillServes(server);
  });
});

// Words from a tiny alphabet, so terms and posts share words often
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'A', '_', '1'), minLength: 1, maxLength: 3 });
const separator = fc.constantFrom(' ', ', ', '.', '!', '\n', '😀', '-', '#', '@', "'", '/');
const postText = fc
  .array(fc.tuple(fc.constantFrom('', '#', '@'), word, separator), { maxLength: 12 })
  .map((parts) => parts.map(([entity, w, sep]) => entity + w + sep).join(''));
const termText = fc
  .array(fc.tuple(fc.constantFrom('', '', '#', '@', '-'), word, fc.constantFrom(' ', ', ')), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.map(([prefix, w, sep]) => prefix + w + sep).join(''));

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';

/** The obvious definition: a token is present when it stands in the text as a whole word. */
function hasWord(text: string, token: string): boolean {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!${WORD_CHAR})${escaped}(?!${WORD_CHAR})`, 'u').test(text);
}

function reference(query: Query, text: string): boolean {
  const folded = fold(text);
  if (query.mutes.some((token) => hasWord(folded, token))) return false;
  return query.alternatives.some((alt) => alt.every((token) => hasWord(folded, token)));
}

describe('matches (property)', () => {
  it('agrees with the whole-word reference on any term and post', () => {
    fc.assert(
      fc.property(termText, postText, (term, text) => {
        const parsed = parseTerm(term);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        expect(matches(parsed.value.query, { text, lang: null })).toBe(reference(parsed.value.query, text));
      }),
      { numRuns: 2_000 },
    );
  });
});
