// lib/admin/basic-auth.ts: only `admin` with the right password passes; anything else,
// malformed headers included, fails without throwing.
import { describe, expect, it } from 'vitest';
import { basicAuthChecker, CHALLENGE } from '../../../lib/admin/basic-auth.ts';

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('basicAuthChecker', () => {
  const check = basicAuthChecker('correct horse battery');

  it('accepts the admin user with the password, whatever the scheme case', () => {
    expect(check(basic('admin:correct horse battery'))).toBe(true);
    expect(check(basic('admin:correct horse battery').replace('Basic', 'basic'))).toBe(true);
  });

  it('accepts a password that contains a colon', () => {
    expect(basicAuthChecker('pass:word:with:colons')(basic('admin:pass:word:with:colons'))).toBe(true);
  });

  it('refuses a wrong password, another user, a prefix of the password and no header', () => {
    for (const header of [basic('admin:wrong'), basic('root:correct horse battery'), basic('admin:correct'), basic('admin:correct horse battery '), undefined, '']) {
      expect(check(header), String(header)).toBe(false);
    }
  });

  it('refuses other schemes and malformed values without throwing', () => {
    for (const header of ['Bearer abc', 'Basic', 'Basic !!!', `Basic ${'A'.repeat(10_000)}`, 'admin:correct horse battery']) {
      expect(check(header), header.slice(0, 20)).toBe(false);
    }
  });

  it('challenges with the realm', () => {
    expect(CHALLENGE).toBe('Basic realm="Stream Search admin", charset="UTF-8"');
  });
});
