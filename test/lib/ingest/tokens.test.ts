import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerOf, createTokenCheck } from '../../../lib/ingest/tokens.ts';

const FIRST = 'f'.repeat(40);
const SECOND = '0123456789abcdef'.repeat(4);

describe('createTokenCheck', () => {
  const check = createTokenCheck([FIRST, SECOND]);

  it('says which configured token a request carries', () => {
    expect(check(`Bearer ${FIRST}`)).toBe(0);
    expect(check(`bearer ${SECOND}`)).toBe(1);
  });

  it('refuses a missing, wrong, shortened or lengthened token', () => {
    for (const header of [undefined, '', 'Bearer', `Bearer ${FIRST.slice(1)}`, `Bearer ${FIRST}f`, `Basic ${FIRST}`, FIRST]) {
      expect(check(header)).toBeNull();
    }
  });

  it('refuses everything when no token is configured', () => {
    expect(createTokenCheck([])(`Bearer ${FIRST}`)).toBeNull();
  });

  it('compares SHA-256 digests with timingSafeEqual, never the strings themselves', () => {
    // A review check held against the code: the compare must be constant-time and see equal lengths
    const source = readFileSync(path.join(import.meta.dirname, '../../../lib/ingest/tokens.ts'), 'utf8');
    expect(source).toMatch(/createHash\('sha256'\)/);
    expect(source).toMatch(/timingSafeEqual\(known, candidate\)/);
    expect(source).not.toMatch(/===\s*(presented|candidate|token)\b/);
  });
});

describe('bearerOf', () => {
  it('reads the token of a Bearer header, the scheme in any case', () => {
    expect(bearerOf('Bearer abc')).toBe('abc');
    expect(bearerOf('BEARER  abc ')).toBe('abc');
    expect(bearerOf('Bearer a b')).toBeNull();
    expect(bearerOf(undefined)).toBeNull();
  });
});
