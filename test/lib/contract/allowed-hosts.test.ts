// lib/contract/allowed-hosts.ts: avatars and links may point only at https on a listed host.
import { describe, expect, it } from 'vitest';
import { ALL_AVATAR_HOSTS, AVATAR_HOSTS, LINK_HOSTS, allowedUrl, imageHostsOf } from '../../../lib/contract/allowed-hosts.ts';

describe('allowedUrl', () => {
  it.each(['https://bsky.app/profile/ada.example', 'https://x.com/ada/status/1', 'https://mobile.twitter.com/ada'])(
    'allows %s as a link',
    (url) => {
      expect(allowedUrl(new URL(url), LINK_HOSTS)).toBe(true);
    },
  );

  it.each([
    ['plain http', 'http://bsky.app/profile/ada.example'],
    ['a script URL', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['an unlisted host', 'https://evil.example/bsky.app'],
    ['a look-alike subdomain', 'https://bsky.app.evil.example/'],
    ['a subdomain of a listed host', 'https://evil.bsky.app/'],
    ['a port', 'https://bsky.app:8443/'],
    ['credentials', 'https://user:secret@bsky.app/'],
    ['a user name alone', 'https://bsky.app@evil.example/'],
  ])('refuses %s', (_name, url) => {
    expect(allowedUrl(new URL(url), LINK_HOSTS)).toBe(false);
  });

  it('checks against the list it is given, so an avatar host is not a link host', () => {
    const avatar = new URL('https://cdn.bsky.app/img/avatar/plain/did/cid@jpeg');
    expect(allowedUrl(avatar, ALL_AVATAR_HOSTS)).toBe(true);
    expect(allowedUrl(avatar, LINK_HOSTS)).toBe(false);
  });
});

describe('ALL_AVATAR_HOSTS', () => {
  it("is every source's avatar hosts, each once", () => {
    expect(ALL_AVATAR_HOSTS.toSorted()).toEqual(['cdn.bsky.app', 'pbs.twimg.com']);
    for (const hosts of Object.values(AVATAR_HOSTS)) for (const host of hosts) expect(ALL_AVATAR_HOSTS).toContain(host);
  });
});

describe('imageHostsOf', () => {
  it("lists a source's avatar and media hosts once each, and none for the demo", () => {
    expect(imageHostsOf('demo')).toEqual([]);
    expect(imageHostsOf('bluesky')).toEqual(['cdn.bsky.app']);
    expect(imageHostsOf('file')).toEqual(['cdn.bsky.app', 'pbs.twimg.com']);
  });
});
