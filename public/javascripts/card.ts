// Builds one post card. Every upstream string goes in through .text() or .attr(),
// never through HTML, so a post can show `<img onerror=…>` but never run it.
import $ from 'jquery';
import type { Post } from '../../lib/events.ts';

const PLACEHOLDER_AVATAR = '/avatars/default.svg';

export function renderCard(post: Post): JQuery<HTMLElement> {
  const $names = $('<div class="names">').append(
    $('<span class="full-name">').text(post.name),
    ' ',
    profileLink(post),
    ' · ',
    renderTime(post.created_at),
  );
  const $body = $('<div class="body">').append($names, $('<span class="text">').text(post.text));
  const original = safeHref(post.url);
  if (original) {
    $body.append($('<a class="original" target="_blank" rel="noopener noreferrer">').attr('href', original).text('View original'));
  }
  return $('<article class="tweet">')
    .attr('data-id', post.id)
    .append($('<img class="avatar" alt="" width="48" height="48">').attr('src', safeImage(post.user_profile_image)), $body);
}

function profileLink(post: Post): JQuery<HTMLElement> {
  const handle = `@${post.screen_name}`;
  const href = safeHref(post.profile_url ?? null);
  return href
    ? $('<a class="username" target="_blank" rel="noopener noreferrer">').attr('href', href).text(handle)
    : $('<span class="username">').text(handle);
}

function renderTime(iso: string): JQuery<HTMLElement> {
  const date = new Date(iso);
  const valid = !Number.isNaN(date.getTime());
  return $('<time>')
    .attr('datetime', valid ? date.toISOString() : '')
    .attr('title', valid ? date.toLocaleString() : '')
    .text(valid ? date.toLocaleTimeString() : '');
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
