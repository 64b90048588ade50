// A pushed post may load images only from where the page's Content-Security-Policy lets
// it (config/security-headers.ts): our own files and the running source's CDNs. The
// shared post schema allows every known CDN, so a pushed post to a demo server could
// otherwise ask the browser for a bsky.app avatar and be blocked with a broken image.
import { allowedUrl, LOCAL_MEDIA } from '../contract/allowed-hosts.ts';
import type { Post } from '../contract/events.ts';
import { parseUrl } from '../sources/post-extras.ts';
import { DEFAULT_AVATAR } from '../sources/post.ts';

const LOCAL_AVATAR = /^\/avatars\/[\w-]+\.svg$/;

/** `post` with every image that is not local or on `hosts` dropped (the avatar becomes the placeholder). */
export function keepImagesFrom(post: Post, hosts: readonly string[]): Post {
  const allowed = (url: string | null | undefined, local: RegExp): boolean => {
    if (!url) return false;
    if (local.test(url)) return true;
    const parsed = parseUrl(url);
    return parsed !== null && allowedUrl(parsed, hosts);
  };
  const kept: Post = { ...post };
  if (!allowed(post.user_profile_image, LOCAL_AVATAR)) kept.user_profile_image = DEFAULT_AVATAR;
  if (post.images) {
    const images = post.images.filter((image) => allowed(image.thumb, LOCAL_MEDIA) && allowed(image.full, LOCAL_MEDIA));
    if (images.length > 0) kept.images = images;
    else delete kept.images;
  }
  if (post.video?.poster && !allowed(post.video.poster, LOCAL_MEDIA)) kept.video = { ...post.video, poster: null };
  if (post.card?.thumb && !allowed(post.card.thumb, LOCAL_MEDIA)) kept.card = { ...post.card, thumb: null };
  return kept;
}
