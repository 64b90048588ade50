// lib/guards/embed-origins.ts: EMBED_ORIGINS parsed, checked against an Origin header, and
// written as the frame-ancestors of /embed.
import { describe, expect, it } from 'vitest';
import { allowsEmbed, frameAncestors, parseEmbedOrigins } from '../../../lib/guards/embed-origins.ts';

describe('parseEmbedOrigins', () => {
  it('is no site when unset or blank', () => {
    expect(parseEmbedOrigins(undefined)).toEqual([]);
    expect(parseEmbedOrigins('  ')).toEqual([]);
  });

  it('reads * as every site', () => {
    expect(parseEmbedOrigins(' * ')).toBe('*');
  });

  it('keeps listed origins in canonical form, and refuses a list with anything but bare origins', () => {
    expect(parseEmbedOrigins('HTTPS://Blog.Example:443/, http://localhost:8080')).toEqual(['https://blog.example', 'http://localhost:8080']);
    expect(parseEmbedOrigins('https://blog.example/posts')).toBeNull();
    expect(parseEmbedOrigins('https://blog.example,*')).toBeNull();
  });
});

describe('allowsEmbed', () => {
  it('allows a listed origin however it is spelled, and no other', () => {
    expect(allowsEmbed(['https://blog.example'], 'https://BLOG.example:443')).toBe(true);
    expect(allowsEmbed(['https://blog.example'], 'http://blog.example')).toBe(false);
    expect(allowsEmbed(['https://blog.example'], 'https://blog.example.evil.example')).toBe(false);
    expect(allowsEmbed([], 'https://blog.example')).toBe(false);
  });

  it('allows any web origin for *, but not null, a missing Origin or another scheme', () => {
    expect(allowsEmbed('*', 'https://anyone.example')).toBe(true);
    expect(allowsEmbed('*', 'null')).toBe(false);
    expect(allowsEmbed('*', undefined)).toBe(false);
    expect(allowsEmbed('*', 'file://')).toBe(false);
  });
});

describe('frameAncestors', () => {
  it("names this app ('self') and each embed origin, leaving out IPv6 literals CSP cannot name", () => {
    expect(frameAncestors([])).toEqual(["'self'"]);
    expect(frameAncestors(['https://blog.example', 'http://[::1]:8080'])).toEqual(["'self'", 'https://blog.example']);
  });

  it('is * for every site', () => {
    expect(frameAncestors('*')).toEqual(['*']);
  });
});
