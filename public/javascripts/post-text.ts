// A post's text with its links: each linked span (a link Bluesky or X shortened, a
// mention, a hashtag) becomes an <a> to its full address, and the searched words are
// marked inside and outside links alike. Built from nodes, never from HTML.
import type { Post, TextLink } from '../../lib/contract/events.ts';
import { highlight } from './highlight.ts';
import { outboundHref, safeHref } from './safe-urls.ts';

/** The nodes of `post.text`, links and marks included. */
export function renderText(post: Post, words: ReadonlySet<string>): Array<Text | HTMLElement> {
  const nodes: Array<Text | HTMLElement> = [];
  let last = 0;
  for (const link of post.links ?? []) {
    const href = link.kind === 'link' ? outboundHref(link.href) : safeHref(link.href);
    if (!href || link.start < last || link.end > post.text.length) continue;
    if (link.start > last) nodes.push(...highlight(post.text.slice(last, link.start), words));
    nodes.push(anchor(href, link, highlight(post.text.slice(link.start, link.end), words)));
    last = link.end;
  }
  if (last < post.text.length || nodes.length === 0) nodes.push(...highlight(post.text.slice(last), words));
  return nodes;
}

function anchor(href: string, link: TextLink, children: Array<Text | HTMLElement>): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.className = `text-link ${link.kind}`;
  a.target = '_blank';
  // Links to other sites carry no referrer and no endorsement
  a.rel = link.kind === 'link' ? 'noopener noreferrer nofollow' : 'noopener noreferrer';
  a.append(...children);
  return a;
}
