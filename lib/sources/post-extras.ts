// Checks what a post shows besides its text (images, a video, a link card, a quote, the
// post it replies to, its links) and keeps only safe, bounded parts: every URL https and,
// for images, on an allowed CDN or our own /media/; every string cut to a length.
// Anything malformed is dropped on its own, never taking the post with it.
import { z } from 'zod';
import { ALL_AVATAR_HOSTS, LINK_HOSTS, LOCAL_MEDIA, allowedUrl, outboundUrl } from '../contract/allowed-hosts.ts';
import type { LinkCard, Post, PostImage, PostVideo, QuotedPost, ReplyTarget, TextLink } from '../contract/events.ts';

export const MAX_IMAGES = 4; // what Bluesky and X allow on one post
export const MAX_ALT = 1_000; // characters of alt text kept (Bluesky allows 2,000 graphemes; a card needs less)
export const MAX_CARD_TITLE = 200; // characters
export const MAX_CARD_DESCRIPTION = 300; // characters
export const MAX_QUOTE_TEXT = 500; // characters of a quoted post
export const MAX_LINKS = 50; // links, mentions and hashtags in one post's text
const MAX_NAME = 200; // characters of a name or handle
const MAX_SIDE = 20_000; // px; an image side beyond this is a lie

type Extras = Pick<Post, 'images' | 'video' | 'card' | 'quote' | 'replyTo' | 'sensitive' | 'links'>;

const cut = (max: number) => z.string().transform((s) => s.slice(0, max));
const side = z.number().int().positive().max(MAX_SIDE).optional().catch(undefined);
const loose = z.unknown().optional();

const shape = z.object({
  images: z.array(z.unknown()).optional().catch(undefined),
  video: loose,
  card: loose,
  quote: loose,
  replyTo: loose,
  sensitive: z.boolean().optional().catch(undefined),
  links: z.array(z.unknown()).optional().catch(undefined),
});

const image = z.object({ thumb: z.string(), full: z.string(), alt: cut(MAX_ALT).catch(''), width: side, height: side });
const video = z.object({ poster: z.string().nullable().catch(null), url: z.string(), alt: cut(MAX_ALT).catch('') });
const card = z.object({
  url: z.string(),
  title: cut(MAX_CARD_TITLE).catch(''),
  description: cut(MAX_CARD_DESCRIPTION).catch(''),
  thumb: z.string().nullable().optional().catch(null),
});
const nullableText = (max: number) => cut(max).nullable().optional().catch(null);
const quote = z.object({
  name: nullableText(MAX_NAME),
  screen_name: nullableText(MAX_NAME),
  text: nullableText(MAX_QUOTE_TEXT),
  url: z.string().nullable().optional().catch(null),
});
const reply = z.object({ screen_name: nullableText(MAX_NAME), url: z.string().nullable().optional().catch(null) });
const link = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  href: z.string(),
  kind: z.enum(['link', 'mention', 'tag']),
});

/** The safe extras of `raw` for a post whose (already cut) text is `text`; absent ones stay absent. */
export function toExtras(raw: unknown, text: string): Extras {
  const parsed = shape.safeParse(raw);
  if (!parsed.success) return {};
  const p = parsed.data;
  const extras: Extras = {};
  const images = (p.images ?? [])
    .slice(0, MAX_IMAGES * 4) // a bounded look past dropped ones
    .flatMap((item) => {
      const one = safeImage(item);
      return one ? [one] : [];
    })
    .slice(0, MAX_IMAGES);
  if (images.length > 0) extras.images = images;
  const clip = safeVideo(p.video);
  if (clip) extras.video = clip;
  const preview = safeCard(p.card);
  if (preview) extras.card = preview;
  const quoted = safeQuote(p.quote);
  if (quoted) extras.quote = quoted;
  const parent = safeReply(p.replyTo);
  if (parent) extras.replyTo = parent;
  if (p.sensitive) extras.sensitive = true;
  const links = safeLinks(p.links ?? [], text);
  if (links.length > 0) extras.links = links;
  return extras;
}

/** An image URL from an allowed CDN (or a local demo file), or null. */
export function mediaUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  if (LOCAL_MEDIA.test(url)) return url;
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, ALL_AVATAR_HOSTS) ? parsed.href : null;
}

/** An https link to any site (a post's own links), or null. */
export function outboundLink(url: string | null | undefined): string | null {
  const parsed = parseUrl(url);
  return parsed && outboundUrl(parsed) ? parsed.href : null;
}

function networkLink(url: string | null | undefined): string | null {
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, LINK_HOSTS) ? parsed.href : null;
}

function safeImage(raw: unknown): PostImage | null {
  const parsed = image.safeParse(raw);
  if (!parsed.success) return null;
  const { thumb, full, alt, width, height } = parsed.data;
  const safeThumb = mediaUrl(thumb);
  const safeFull = mediaUrl(full);
  if (!safeThumb || !safeFull) return null;
  return { thumb: safeThumb, full: safeFull, alt, ...(width && height ? { width, height } : {}) };
}

function safeVideo(raw: unknown): PostVideo | null {
  const parsed = video.safeParse(raw);
  if (!parsed.success) return null;
  const url = networkLink(parsed.data.url);
  return url ? { poster: mediaUrl(parsed.data.poster), url, alt: parsed.data.alt } : null;
}

function safeCard(raw: unknown): LinkCard | null {
  const parsed = card.safeParse(raw);
  if (!parsed.success) return null;
  const url = outboundLink(parsed.data.url);
  if (!url) return null;
  const { title, description, thumb } = parsed.data;
  return { url, host: new URL(url).hostname, title, description, thumb: mediaUrl(thumb) };
}

function safeQuote(raw: unknown): QuotedPost | null {
  const parsed = quote.safeParse(raw);
  if (!parsed.success) return null;
  const { name = null, screen_name = null, text = null } = parsed.data;
  const url = networkLink(parsed.data.url);
  return name || screen_name || text || url ? { name, screen_name, text, url } : null;
}

function safeReply(raw: unknown): ReplyTarget | null {
  const parsed = reply.safeParse(raw);
  if (!parsed.success) return null;
  const { screen_name = null } = parsed.data;
  return { screen_name, url: networkLink(parsed.data.url) };
}

// Links must lie inside the text, in order and apart; mentions and tags open the network's
// own pages, other links any https site.
function safeLinks(raw: unknown[], text: string): TextLink[] {
  const candidates = raw.slice(0, MAX_LINKS).flatMap((item) => {
    const parsed = link.safeParse(item);
    if (!parsed.success) return [];
    const { start, end, kind } = parsed.data;
    const href = kind === 'link' ? outboundLink(parsed.data.href) : networkLink(parsed.data.href);
    return href && end > start && end <= text.length ? [{ start, end, href, kind }] : [];
  });
  const links: TextLink[] = [];
  for (const one of candidates.sort((a, b) => a.start - b.start)) {
    if (one.start >= (links.at(-1)?.end ?? 0)) links.push(one);
  }
  return links;
}

/** A URL, or null for anything that does not parse; shared with post.ts. */
export function parseUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
