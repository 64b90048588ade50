// lib/admin/socket-token.ts: a token is valid for TOKEN_TTL on every node that shares the
// password, and nothing else passes: other passwords, edits, expiry, far-future tokens, junk.
import { describe, expect, it } from 'vitest';
import { socketTokens, TOKEN_TTL } from '../../../lib/admin/socket-token.ts';

const PASSWORD = 'correct horse battery';

describe('socketTokens', () => {
  it('verifies its own token, and so does another node with the same password', () => {
    const token = socketTokens(PASSWORD).issue();
    expect(socketTokens(PASSWORD).verify(token)).toBe(true);
  });

  it('refuses a token made with another password', () => {
    expect(socketTokens(PASSWORD).verify(socketTokens('another password').issue())).toBe(false);
  });

  it('refuses a token once TOKEN_TTL has passed', () => {
    let now = 1_000_000;
    const tokens = socketTokens(PASSWORD, () => now);
    const token = tokens.issue();
    now += TOKEN_TTL - 1;
    expect(tokens.verify(token)).toBe(true);
    now += 1;
    expect(tokens.verify(token)).toBe(false);
  });

  it('refuses a token with its expiry moved, or dated further ahead than TOKEN_TTL', () => {
    let now = 1_000_000;
    const tokens = socketTokens(PASSWORD, () => now);
    const token = tokens.issue();
    const [expires, mac] = token.split('.') as [string, string];
    expect(tokens.verify(`${Number(expires) + 1}.${mac}`)).toBe(false);
    now += 10 * TOKEN_TTL;
    const future = tokens.issue();
    now -= 10 * TOKEN_TTL;
    expect(tokens.verify(future)).toBe(false);
  });

  it('refuses junk of every type without throwing', () => {
    const tokens = socketTokens(PASSWORD);
    for (const junk of [undefined, null, 42, {}, [], '', '.', '1.', `1.${'A'.repeat(43)}`, 'x'.repeat(1000)]) {
      expect(tokens.verify(junk), JSON.stringify(junk)).toBe(false);
    }
  });
});
