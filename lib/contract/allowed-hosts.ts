// Where avatars and links may point. Shared by the server (lib/sources/post.ts) and the
// browser (public/javascripts/card.ts), so both check against the same list; it
// imports nothing, to keep the page bundle small.

/** Avatar CDNs of each source; demo and file also serve local /avatars/*.svg. */
export const AVATAR_HOSTS = {
  demo: [],
  file: ['cdn.bsky.app', 'pbs.twimg.com'], // a replay can come from either network
  bluesky: ['cdn.bsky.app'],
  x: ['pbs.twimg.com'],
} as const satisfies Record<string, readonly string[]>;

/** Hosts a post or profile link may open. */
export const LINK_HOSTS: readonly string[] = ['bsky.app', 'x.com', 'twitter.com', 'mobile.twitter.com'];

/**
 * Where a post's images (thumbnails, full size, video posters, link-card thumbnails) may
 * come from: the same CDNs as avatars, so the CSP's img-src (config/security-headers.ts)
 * needs no other host. The demo serves its own /media/*.svg.
 */
export const MEDIA_HOSTS: Record<keyof typeof AVATAR_HOSTS, readonly string[]> = AVATAR_HOSTS;

/** Where a local demo image may live: our own /media/ folder, one plain file name. */
export const LOCAL_MEDIA = /^\/media\/[\w-]{1,64}\.svg$/;

/** Every host a source's posts may load images from: what the CSP's img-src lists for it. */
export function imageHostsOf(source: keyof typeof AVATAR_HOSTS): readonly string[] {
  return [...new Set([...AVATAR_HOSTS[source], ...MEDIA_HOSTS[source]])];
}

export const ALL_AVATAR_HOSTS: readonly string[] = [...new Set(Object.values(AVATAR_HOSTS).flat())];

/** Only https, and only a listed host; a port or credentials in the URL never pass. */
export function allowedUrl(url: URL, hosts: readonly string[]): boolean {
  return url.protocol === 'https:' && hosts.includes(url.hostname) && url.port === '' && url.username === '' && url.password === '';
}

/** Links in a post's text and link cards may open any https site, but never one with a port or credentials. */
export function outboundUrl(url: URL): boolean {
  return url.protocol === 'https:' && url.hostname.includes('.') && url.port === '' && url.username === '' && url.password === '';
}
