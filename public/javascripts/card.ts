// Builds one post card. Every upstream string goes in through .text(), .attr() or text
// nodes, never through HTML, so a post can show `<img onerror=…>` but never run it.
import $ from 'jquery';
import type { Post } from '../../lib/events.ts';
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

/** Links are followed only when they are http(s). */
export function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Images come from our own origin or over https; anything else shows the placeholder. */
function safeImage(url: string): string {
  const href = safeHref(url);
  if (!href) return PLACEHOLDER_AVATAR;
  const parsed = new URL(href);
  return parsed.origin === window.location.origin || parsed.protocol === 'https:' ? href : PLACEHOLDER_AVATAR;
}
