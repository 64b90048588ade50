import { describe, expect, it } from 'vitest';
import { canonicalOrigin, defaultOrigins, parseOrigins } from '../../../lib/guards/origins.ts';

describe('defaultOrigins', () => {
  it('gives every loopback spelling for a local host, since people open either', () => {
    expect(defaultOrigins('localhost', 3000)).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']);
    expect(defaultOrigins('127.0.0.1', 3000)).toEqual(defaultOrigins('localhost', 3000));
  });

  it('uses the host as given otherwise', () => {
    expect(defaultOrigins('search.example', 8080)).toEqual(['http://search.example:8080']);
  });

  it('gives the canonical form a browser sends: lowercase host, default port dropped', () => {
    expect(defaultOrigins('LOCALHOST', 3000)).toEqual(defaultOrigins('localhost', 3000));
    expect(defaultOrigins('Search.Example', 80)).toEqual(['http://search.example']);
    expect(defaultOrigins('2001:DB8::1', 3000)).toEqual(['http://[2001:db8::1]:3000']);
  });
});

describe('parseOrigins', () => {
  it('accepts bare origins, with or without a trailing slash', () => {
    expect(parseOrigins('https://a.example, http://b.example:8080/')).toEqual(['https://a.example', 'http://b.example:8080']);
  });

  it('keeps each origin in canonical form', () => {
    expect(parseOrigins('HTTPS://A.Example:443, http://B.example:80')).toEqual(['https://a.example', 'http://b.example']);
  });

  it.each(['https://a.example/path', 'https://a.example?x=1', 'https://user@a.example', '*', 'ftp://a.example', 'a.example', ''])('refuses %j', (list) => {
    expect(parseOrigins(list)).toBeNull();
  });
});

describe('canonicalOrigin', () => {
  it.each([
    ['HTTP://LOCALHOST:3000', 'http://localhost:3000'],
    ['https://search.example:443', 'https://search.example'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('writes %s as %s', (text, origin) => {
    expect(canonicalOrigin(text)).toBe(origin);
  });

  it.each(['null', 'file:///etc/passwd', 'not a url'])('has no origin for %s', (text) => {
    expect(canonicalOrigin(text)).toBeNull();
  });
});
