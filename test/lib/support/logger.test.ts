// lib/support/logger.ts: structured JSON lines, with anything that might hold a secret
// redacted wherever it sits.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../lib/support/logger.ts';

const SECRET = 'secret-canary-value';

function capture(level = 'debug') {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) });
  const logger = createLogger(level, stream);
  const lines = () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, raw: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes one JSON line per entry, with the message and fields', () => {
    const { logger, lines } = capture();
    logger.info({ term: 'cats' }, 'term followed');
    expect(lines()).toEqual([expect.objectContaining({ level: 30, msg: 'term followed', term: 'cats' })]);
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not shown');
    logger.debug('not shown either');
    logger.warn('shown');
    expect(lines().map((line) => line.msg)).toEqual(['shown']);
  });

  it.each([
    ['a bare token', { token: SECRET }],
    ['a token one level down', { source: { token: SECRET } }],
    ['an access token', { accessToken: SECRET }],
    ['a bearer token one level down', { x: { bearerToken: SECRET } }],
    ['a password', { password: SECRET }],
    ['a secret', { auth: { secret: SECRET } }],
    ['an authorization header', { headers: { authorization: `Bearer ${SECRET}` } }],
    ['a request\'s authorization header', { req: { headers: { authorization: `Bearer ${SECRET}` } } }],
    ['a cookie header', { headers: { cookie: `sid=${SECRET}` } }],
    ['the X token setting', { X_BEARER_TOKEN: SECRET }],
    ['the X token setting inside a config', { config: { X_BEARER_TOKEN: SECRET } }],
  ])('redacts %s', (_name, fields) => {
    const { logger, raw } = capture();
    logger.info(fields, 'logged');
    expect(raw()).not.toContain(SECRET);
    expect(raw()).toContain('[redacted]');
  });
});

describe('silentLogger', () => {
  it('writes nothing at any level', () => {
    const logger = silentLogger();
    expect(logger.level).toBe('silent');
    expect(logger.isLevelEnabled('fatal')).toBe(false);
  });
});
