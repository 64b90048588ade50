// The "sees everything" feed: the newest sampled posts on top, each rendered as text only
// (every field is untrusted), at most MAX_SHOWN on screen. Paused, it keeps what is
// shown and drops what arrives, so a person can read.
import $ from 'jquery';
import type { AdminFeed, SampledPost } from '../../../lib/contract/admin-events.ts';
import { feedSentence } from './format.ts';

export const MAX_SHOWN = 50; // posts on screen

export class FeedList {
  paused = false;

  constructor(readonly $list: JQuery, readonly $sampling: JQuery) {}

  add(feed: AdminFeed): void {
    if (this.paused) return;
    this.$sampling.text(feedSentence(feed.posts.length, feed.seen));
    // Oldest first, so the newest ends on top
    for (const post of feed.posts) this.$list.prepend(item(post));
    this.$list.children().slice(MAX_SHOWN).remove();
  }
}

function item(post: SampledPost): JQuery {
  const $who = $('<span class="feed-who">').text(`${post.name} @${post.screen_name}`);
  const $source = $('<span class="badge text-bg-light border feed-source">').text(post.source);
  const $time = $('<time class="feed-time">').attr('datetime', post.created_at).text(timeOf(post.created_at));
  const $text = $('<p class="feed-text mb-0">').text(post.text);
  return $('<li class="feed-item">').append($('<div class="feed-meta">').append($source, ' ', $who, ' ', $time), $text);
}

/** hh:mm:ss in the reader's time zone, or nothing for a date that does not parse. */
function timeOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString('en-GB');
}
