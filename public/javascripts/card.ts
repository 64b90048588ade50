// Builds one post card. Every upstream string goes in through .text(), .attr() or text
// nodes, never through HTML, so a post can show `<img onerror=…>` but never run it.
import $ from 'jquery';
import { ALL_AVATAR_HOSTS, LINK_HOSTS, allowedUrl } from '../../lib/contract/allowed-hosts.ts';
import type { Post } from '../../lib/contract/events.ts';
import { highlight } from './highlight.ts';
import { renderTime } from './time.ts';

const PLACEHOLDER_AVATAR = '/avatars/default.svg';

/** A card for `post`, with `words` marked in its text and its time relative to `now`. */
export function renderCard(post: Post, words: ReadonlySet<string>, now: number): JQuery<HTMLElement> {
  const $names = $('<div class="names">').append(
    $('<span class="full-name">').text(post.name),
    ' ',
    profileLink(post),
    ' · ',
    renderTime(post.created_at, now),
  );
  const $text = $('<p class="text">').append(highlight(post.text, words));
  const $body = $('<div class="body">').append($names, $text);
  const original = safeHref(post.url);
  if (original) {
    $body.append(
      $('<a class="original" target="_blank" rel="noopener noreferrer">')
        .attr('href', original)
        .text('View original post')
        .append($('<span class="visually-hidden">').text(` by @${post.screen_name} (opens in a new tab)`)),
    );
  }
  return $('<article class="tweet">')
    .attr('data-id', post.id)
    .attr('lang', post.lang ?? '')
    .append($('<img class="avatar" alt="" width="48" height="48">').attr('src', safeImage(post.user_profile_image)), $body);
}

function profileLink(post: Post): JQuery<HTMLElement> {
  const handle = `@${post.screen_name}`;
  const href = safeHref(post.profile_url ?? null);
  return href
    ? $('<a class="username" target="_blank" rel="noopener noreferrer">').attr('href', href).text(handle)
    : $('<span class="username">').text(handle);
}

/** Links are followed only when they are https to a known network, as the server checked. */
export function safeHref(url: string | null): string | null {
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, LINK_HOSTS) ? parsed.href : null;
}

/** Images come from our own /avatars/ or a known avatar CDN; anything else shows the placeholder. */
function safeImage(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return PLACEHOLDER_AVATAR;
  const local = parsed.origin === window.location.origin && parsed.pathname.startsWith('/avatars/');
  return local || allowedUrl(parsed, ALL_AVATAR_HOSTS) ? parsed.href : PLACEHOLDER_AVATAR;
}

function parseUrl(url: string | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url, window.location.href);
  } catch {
    return null;
  }
}
