// Turns what a Bluesky post record carries besides its text (its embed, self-labels,
// reply reference and facets) into the loose extras that lib/sources/post-extras.ts
// checks. Jetstream sends the raw record: images are blob references, a quote is only
// a reference to another post, and links are facets with UTF-8 byte offsets.
import { z } from 'zod';

/** Self-labels that hide a post's media behind "Sensitive media: show". */
export const SENSITIVE_LABELS: ReadonlySet<string> = new Set(['porn', 'sexual', 'nudity', 'graphic-media']);

const CDN = 'https://cdn.bsky.app/img'; // Bluesky's image CDN, which resizes a blob by its DID and CID

const cid = z.string().regex(/^[a-zA-Z0-9]{10,120}$/);
const blob = z.object({ ref: z.object({ $link: cid }) });
const aspect = z.object({ width: z.number(), height: z.number() }).optional().catch(undefined);
const atUri = z.string().regex(/^at:\/\/(did:[a-z]+:[a-zA-Z0-9._:%-]{1,200})\/app\.bsky\.feed\.post\/([a-zA-Z0-9._:~-]{1,512})$/);

const images = z.object({
  images: z.array(z.object({ image: blob, alt: z.string().catch(''), aspectRatio: aspect }).catch(null as never)).max(10),
});
const external = z.object({
  external: z.object({ uri: z.string(), title: z.string().catch(''), description: z.string().catch(''), thumb: blob.optional().catch(undefined) }),
});
const video = z.object({ video: blob, alt: z.string().optional().catch(undefined) });
const strongRef = z.object({ uri: atUri });
const labels = z.object({ values: z.array(z.object({ val: z.string() }).catch({ val: '' })).max(50) });
const reply = z.object({ parent: strongRef });
const facet = z.object({
  index: z.object({ byteStart: z.number().int().nonnegative(), byteEnd: z.number().int().positive() }),
  features: z.array(z.unknown()).max(10),
});
const feature = z.discriminatedUnion('$type', [
  z.object({ $type: z.literal('app.bsky.richtext.facet#link'), uri: z.string() }),
  z.object({ $type: z.literal('app.bsky.richtext.facet#mention'), did: z.string().regex(/^did:[a-z]+:[a-zA-Z0-9._:%-]{1,200}$/) }),
  z.object({ $type: z.literal('app.bsky.richtext.facet#tag'), tag: z.string().min(1).max(640) }),
]);

export const MAX_FACETS = 50; // facets read from one record

export interface RecordParts {
  embed?: unknown;
  labels?: unknown;
  reply?: unknown;
  facets?: unknown;
}

/** The extras of the post `did` wrote as `record` with text `text`, whose own page is `postUrl`. */
export function blueskyExtras(did: string, text: string, record: RecordParts, postUrl: string): Record<string, unknown> {
  const extras: Record<string, unknown> = { ...embedExtras(did, record.embed, postUrl) };
  const labelled = labels.safeParse(record.labels);
  if (labelled.success && labelled.data.values.some(({ val }) => SENSITIVE_LABELS.has(val))) extras.sensitive = true;
  const parent = reply.safeParse(record.reply);
  // The record names the parent by DID only; the handle would cost a lookup per reply
  if (parent.success) extras.replyTo = { screen_name: null, url: postPage(parent.data.parent.uri) };
  extras.links = facetLinks(text, record.facets);
  return extras;
}

function embedExtras(did: string, embed: unknown, postUrl: string): Record<string, unknown> {
  const type = (embed as { $type?: unknown } | null)?.$type;
  if (type === 'app.bsky.embed.images') {
    const parsed = images.safeParse(embed);
    if (!parsed.success) return {};
    return {
      images: parsed.data.images.filter(Boolean).map(({ image, alt, aspectRatio }) => ({
        thumb: blobUrl('feed_thumbnail', did, image.ref.$link),
        full: blobUrl('feed_fullsize', did, image.ref.$link),
        alt,
        width: aspectRatio?.width,
        height: aspectRatio?.height,
      })),
    };
  }
  if (type === 'app.bsky.embed.external') {
    const parsed = external.safeParse(embed);
    if (!parsed.success) return {};
    const { uri, title, description, thumb } = parsed.data.external;
    return { card: { url: uri, title, description, thumb: thumb ? blobUrl('feed_thumbnail', did, thumb.ref.$link) : null } };
  }
  if (type === 'app.bsky.embed.video') {
    const parsed = video.safeParse(embed);
    // Bluesky's poster frames live on video.bsky.app, outside the image allow-list: no poster
    return parsed.success ? { video: { poster: null, url: postUrl, alt: parsed.data.alt ?? '' } } : {};
  }
  if (type === 'app.bsky.embed.record') return quoteOf((embed as { record?: unknown }).record);
  if (type === 'app.bsky.embed.recordWithMedia') {
    const { record, media } = embed as { record?: { record?: unknown }; media?: unknown };
    return { ...quoteOf(record?.record), ...embedExtras(did, media, postUrl) };
  }
  return {};
}

// Jetstream gives only the quoted post's address; its author and text would need the API
function quoteOf(ref: unknown): Record<string, unknown> {
  const parsed = strongRef.safeParse(ref);
  return parsed.success ? { quote: { name: null, screen_name: null, text: null, url: postPage(parsed.data.uri) } } : {};
}

/** https://bsky.app/profile/<did>/post/<rkey> for an at:// post URI. */
export function postPage(uri: string): string | null {
  const parsed = atUri.safeParse(uri);
  if (!parsed.success) return null;
  const [, did, rkey] = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/(.+)$/.exec(uri)!;
  return `https://bsky.app/profile/${did}/post/${rkey}`;
}

function blobUrl(size: 'feed_thumbnail' | 'feed_fullsize', did: string, link: string): string {
  return `${CDN}/${size}/plain/${did}/${link}@jpeg`;
}

/**
 * Facets as text links. Bluesky counts in UTF-8 bytes; the page slices JavaScript
 * strings in UTF-16 units, so each offset is converted, and a facet whose offsets fall
 * inside a character (a malformed record) is dropped.
 */
export function facetLinks(text: string, facets: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(facets)) return [];
  const bytes = Buffer.from(text, 'utf8');
  const toIndex = (offset: number): number | null => {
    if (offset > bytes.length) return null;
    const prefix = bytes.subarray(0, offset).toString('utf8');
    return Buffer.byteLength(prefix) === offset ? prefix.length : null;
  };
  return facets.slice(0, MAX_FACETS).flatMap((raw) => {
    const parsed = facet.safeParse(raw);
    if (!parsed.success) return [];
    const start = toIndex(parsed.data.index.byteStart);
    const end = toIndex(parsed.data.index.byteEnd);
    const first = parsed.data.features.map((f) => feature.safeParse(f)).find((f) => f.success)?.data;
    if (start === null || end === null || !first) return [];
    if (first.$type === 'app.bsky.richtext.facet#link') return [{ start, end, href: first.uri, kind: 'link' }];
    if (first.$type === 'app.bsky.richtext.facet#mention') return [{ start, end, href: `https://bsky.app/profile/${first.did}`, kind: 'mention' }];
    return [{ start, end, href: `https://bsky.app/hashtag/${encodeURIComponent(first.tag)}`, kind: 'tag' }];
  });
}
