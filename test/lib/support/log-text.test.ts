import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logText, MAX_LOGGED_TEXT } from '../../../lib/support/log-text.ts';
import { createLogger } from '../../../lib/support/logger.ts';

describe('logText', () => {
  it('spells out line breaks, bidi overrides, escapes and lone surrogates', () => {
    expect(logText('a\nb\r\u2028c\u202ed\u001b[2Je\ud800')).toBe('a\\u{a}b\\u{d}\\u{2028}c\\u{202e}d\\u{1b}[2Je\\u{d800}');
  });

  it('keeps ordinary text, emoji and other scripts as they are', () => {
    expect(logText('cats 🐈 кошки 猫 #tag')).toBe('cats 🐈 кошки 猫 #tag');
  });

  it(`truncates to ${MAX_LOGGED_TEXT} characters`, () => {
    expect(logText('a'.repeat(500))).toBe(`${'a'.repeat(MAX_LOGGED_TEXT)}…`);
  });
});

describe('createLogger', () => {
  function capture(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    return { stream: new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) }), text: () => chunks.join('') };
  }

  it('redacts tokens and authorization wherever they sit', () => {
    const { stream, text } = capture();
    const logger = createLogger('info', stream);
    logger.info({ token: 'canary1', req: { headers: { authorization: 'Bearer canary2' } }, config: { X_BEARER_TOKEN: 'canary3' } }, 'x');
    logger.info({ authorization: 'canary4', upstream: { bearerToken: 'canary5', token: 'canary6' } }, 'y');
    expect(text()).not.toMatch(/canary/);
    expect(text()).toContain('[redacted]');
  });

  it('cannot be made to write a forged line by a crafted term', () => {
    const { stream, text } = capture();
    const logger = createLogger('info', stream);
    const crafted = 'cats\n{"level":60,"msg":"forged"}\u202e';
    logger.info({ term: logText(crafted) }, 'term followed');
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).term).toBe('cats\\u{a}{"level":60,"msg":"forged"}\\u{202e}');
  });
});
