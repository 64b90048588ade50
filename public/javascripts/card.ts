// Builds one post card. Every upstream string goes in through .text(), .attr() or text
// nodes, never through HTML, so a post can show `<img onerror=…>` but never run it.
import $ from 'jquery';
import type { Post } from '../../lib/contract/events.ts';
import { renderLinkCard, renderQuote, renderReplyLine } from './embeds.ts';
import { renderMedia } from './media.ts';
import { renderText } from './post-text.ts';
import { avatarSrc, safeHref } from './safe-urls.ts';
import { renderTime } from './time.ts';

/** A card for `post`, with `words` marked in its text and its time relative to `now`. */
export function renderCard(post: Post, words: ReadonlySet<string>, now: number): JQuery<HTMLElement> {
  const $names = $('<div class="names">').append(
    $('<span class="full-name">').text(post.name),
    ' ',
    profileLink(post),
    ' · ',
    renderTime(post.created_at, now),
    ...sourceLabel(post),
  );
  const $text = $('<p class="text">').append(renderText(post, words));
  const extras = [renderMedia(post), renderLinkCard(post.card, post.sensitive === true), renderQuote(post.quote)].filter((node) => node !== null);
  const $body = $('<div class="body">').append($names, renderReplyLine(post.replyTo) ?? [], $text, extras);
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
    .append($('<img class="avatar" alt="" width="48" height="48">').attr('src', avatarSrc(post.user_profile_image)), $body);
}

// Pushed posts (POST /api/posts) are not the page's source, so each says where it came from;
// the source's own posts need no label, the page header names the source
function sourceLabel(post: Post): Array<string | JQuery<HTMLElement>> {
  return post.source === 'push' ? [' ', $('<span class="source-label">').text('pushed')] : [];
}

function profileLink(post: Post): JQuery<HTMLElement> {
  const handle = `@${post.screen_name}`;
  const href = safeHref(post.profile_url ?? null);
  return href
    ? $('<a class="username" target="_blank" rel="noopener noreferrer">').attr('href', href).text(handle)
    : $('<span class="username">').text(handle);
}
