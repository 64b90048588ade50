// The page's second check on every URL a post brings, against the same lists the server
// used (lib/contract/allowed-hosts.ts): a post pushed by anything else still cannot
// load an image from, or link to, somewhere it should not.
import { ALL_AVATAR_HOSTS, LINK_HOSTS, LOCAL_MEDIA, allowedUrl, outboundUrl } from '../../lib/contract/allowed-hosts.ts';

const PLACEHOLDER_AVATAR = '/avatars/default.svg';

/** Post and profile links: https to a known network. */
export function safeHref(url: string | null | undefined): string | null {
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, LINK_HOSTS) ? parsed.href : null;
}

/** A link in a post's text or a link card: https to any site. */
export function outboundHref(url: string | null | undefined): string | null {
  const parsed = parseUrl(url);
  return parsed && outboundUrl(parsed) ? parsed.href : null;
}

/** A post's image: our own /media/ file or a known image CDN. */
export function mediaSrc(url: string | null | undefined): string | null {
  if (url && LOCAL_MEDIA.test(url)) return url;
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, ALL_AVATAR_HOSTS) ? parsed.href : null;
}

/** An avatar: our own /avatars/ or a known avatar CDN; anything else shows the placeholder. */
export function avatarSrc(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return PLACEHOLDER_AVATAR;
  const local = parsed.origin === window.location.origin && parsed.pathname.startsWith('/avatars/');
  return local || allowedUrl(parsed, ALL_AVATAR_HOSTS) ? parsed.href : PLACEHOLDER_AVATAR;
}

function parseUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url, window.location.href);
  } catch {
    return null;
  }
}
