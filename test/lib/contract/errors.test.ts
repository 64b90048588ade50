// lib/contract/errors.ts: a client only ever sees a sentence from the allow-list.
import { describe, expect, it } from 'vitest';
import { CLIENT_ERRORS, toClientError } from '../../../lib/contract/errors.ts';

describe('toClientError', () => {
  it.each(Object.entries(CLIENT_ERRORS))('passes the allow-listed %s sentence through', (_name, sentence) => {
    expect(toClientError(sentence)).toBe(sentence);
  });

  it.each([
    ['a raw upstream message', 'ECONNRESET: socket hang up'],
    ['a stack trace', 'Error: boom\n    at handler (/srv/lib/delivery/handlers.ts:12:3)'],
    ['an allow-listed sentence with extra text', `${CLIENT_ERRORS.termEmpty} (token abc123)`],
    ['an allow-listed key rather than its sentence', 'termEmpty'],
    ['an Error object', new Error(CLIENT_ERRORS.termEmpty)],
    ['undefined', undefined],
    ['a number', 42],
  ])('replaces %s with the internal sentence', (_name, message) => {
    expect(toClientError(message)).toBe(CLIENT_ERRORS.internal);
  });
});

describe('CLIENT_ERRORS', () => {
  it('holds no two keys with the same sentence, so each can be told apart', () => {
    const sentences = Object.values(CLIENT_ERRORS);
    expect(new Set(sentences).size).toBe(sentences.length);
  });
});
