// Builds one post card. Every upstream string goes in through .text() or .attr(),
// never through HTML, so a post can show `<img onerror=…>` but never run it.
import $ from 'jquery';
import { ALL_AVATAR_HOSTS, LINK_HOSTS, allowedUrl } from '../../lib/allowed-hosts.ts';
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
