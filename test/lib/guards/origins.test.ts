import { describe, expect, it } from 'vitest';
import { defaultOrigins, parseOrigins } from '../../../lib/guards/origins.ts';

describe('defaultOrigins', () => {
  it('gives every loopback spelling for a local host, since people open either', () => {
    expect(defaultOrigins('localhost', 3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
    expect(defaultOrigins('127.0.0.1', 3000)).toEqual(defaultOrigins('localhost', 3000));
  });

  it('uses the host as given otherwise', () => {
    expect(defaultOrigins('search.example', 8080)).toEqual(['http://search.example:8080']);
  });
});

describe('parseOrigins', () => {
  it('accepts bare origins, with or without a trailing slash', () => {
    expect(parseOrigins('https://a.example, http://b.example:8080/')).toEqual(['https://a.example', 'http://b.example:8080']);
  });

  it.each(['https://a.example/path', '*', 'ftp://a.example', 'a.example', ''])('refuses %j', (list) => {
    expect(parseOrigins(list)).toBeNull();
  });
});
