// The parts of a card around the text: "Replying to @handle" above it, and below it a
// link card (an external page's title, description, host and thumbnail) and the quoted
// post, small. Every string goes in as text; every URL is checked again here.
import type { LinkCard, Post, QuotedPost, ReplyTarget } from '../../lib/contract/events.ts';
import { mediaSrc, outboundHref, safeHref } from './safe-urls.ts';

/** "Replying to @handle", or "Replying to a post" when the source sends only the parent's address. */
export function renderReplyLine(reply: ReplyTarget | undefined): HTMLElement | null {
  if (!reply) return null;
  const line = element('p', 'reply-to');
  const href = safeHref(reply.url);
  const target = reply.screen_name ? `@${reply.screen_name}` : 'a post';
  const label = href ? link(href, target, 'noopener noreferrer') : element('span', '');
  if (!href) label.textContent = target;
  line.append('Replying to ', label);
  return line;
}

/** The preview of an external link; its thumbnail is left out when the post's media is sensitive. */
export function renderLinkCard(card: LinkCard | undefined, sensitive: boolean): HTMLElement | null {
  const href = outboundHref(card?.url);
  if (!card || !href) return null;
  const box = link(href, '', 'noopener noreferrer nofollow');
  box.className = 'link-card';
  const thumb = sensitive ? null : mediaSrc(card.thumb);
  if (thumb) {
    const img = element('img', 'link-thumb');
    img.src = thumb;
    img.alt = '';
    img.loading = 'lazy';
    box.append(img);
  }
  const words = element('span', 'link-words');
  const host = element('span', 'link-host');
  host.textContent = new URL(href).hostname; // the address people will land on, not what the page claims
  words.append(host);
  if (card.title) words.append(textSpan('link-title', card.title));
  if (card.description) words.append(textSpan('link-description', card.description));
  box.append(words);
  return box;
}

/** The quoted post, small, inside the card. */
export function renderQuote(quote: QuotedPost | undefined): HTMLElement | null {
  if (!quote) return null;
  const box = element('blockquote', 'quote');
  const href = safeHref(quote.url);
  if (quote.name || quote.screen_name) {
    const author = element('p', 'quote-author');
    if (quote.name) author.append(textSpan('full-name', quote.name), ' ');
    if (quote.screen_name) author.append(textSpan('username', `@${quote.screen_name}`));
    box.append(author);
  }
  if (quote.text) box.append(textSpan('quote-text', quote.text, 'p'));
  if (href) box.append(link(href, quote.text ? 'View quoted post' : 'Quoting a post: view it', 'noopener noreferrer'));
  return box.childNodes.length > 0 ? box : null;
}

function link(href: string, text: string, rel: string): HTMLAnchorElement {
  const a = element('a', '');
  a.href = href;
  a.target = '_blank';
  a.rel = rel;
  a.textContent = text;
  return a;
}

function textSpan(className: string, text: string, tag: 'span' | 'p' = 'span'): HTMLElement {
  const node = element(tag, className);
  node.textContent = text;
  return node;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}
