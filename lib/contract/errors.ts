// The only error sentences a client may ever see. Anything else becomes `internal`,
// so a stack trace or an upstream's raw message never leaves the server.

// Characters a search term may have, as typed and once normalised (lib/match/query.ts
// says why both). Here, because the sentences below state it and the widget cuts to it.
export const MAX_TERM_LENGTH = 120;

export const CLIENT_ERRORS = {
  termNotText: 'The search term must be text.',
  termEmpty: 'Type a word to search for.',
  termTooLong: `That search term is too long: keep it to ${MAX_TERM_LENGTH} characters.`,
  termTooLongNormalised: `That search term is too long once written out in full, with a space after each comma: keep it to ${MAX_TERM_LENGTH} characters.`,
  termBadCharacters: 'The search term contains characters that cannot be searched.',
  termNoWords: 'The search term needs at least one letter or number.',
  termTooManyWords: 'That search term has too many words: use 10 at most in each part.',
  termTooManyAlternatives: 'That search term has too many comma-separated parts: use 10 at most.',
  badLanguage: 'The language must be a code such as "en", or "any".',
  badArguments: 'That request has the wrong shape.',
  noTerm: 'Search for a term first.',
  badCursor: 'The resume point (since) must be the cursor of a post, such as "1764400000000-0".',
  tooFast: 'You are sending requests too fast. Wait a moment and try again.',
  tooManyTerms: 'This server is following as many different searches as it can. Try again in a few minutes.',
  internal: 'Something went wrong on our side. Please try again.',
  // Told to the followers of one term when the upstream cannot (yet) follow it
  xTermTooLong: 'This search is too long for X. Try fewer words.',
  xTermRefused: 'X did not accept this search. Try different words.',
  xRulesFull: 'X is already following as many searches as this server may run. Try again later.',
  xTermQueued: 'X limits how fast searches can change, so this one will start within 15 minutes.',
  // Answered through the updateTerm ack when the X source will not start a new term
  xTermTooBroad: 'That search is too broad for X: add a less common word of three letters or more.',
  xTooManyNewTerms: 'You have started many new X searches in the last 15 minutes. Wait a few minutes and try again.',
  xTooManyTerms: 'You are already running as many X searches as one visitor may. Close one and try again.',
} as const;

export type ClientError = (typeof CLIENT_ERRORS)[keyof typeof CLIENT_ERRORS];

const KNOWN = new Set<string>(Object.values(CLIENT_ERRORS));

/** Passes an allow-listed sentence through and replaces anything else with `internal`. */
export function toClientError(message: unknown): ClientError {
  return typeof message === 'string' && KNOWN.has(message)
    ? (message as ClientError)
    : CLIENT_ERRORS.internal;
}
