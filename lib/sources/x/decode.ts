// Turns one line of the X filtered stream into a safe Post with its matching rule
// tags, or into the in-stream errors it carries. Every field is untrusted.
import { z } from 'zod';
import type { Post } from '../../contract/events.ts';
import { toPost } from '../post.ts';

export const MAX_MATCHING_RULES = 1_000; // X's rule limit: no post can match more
const MAX_ENTITIES = 100; // links, mentions or hashtags of one kind read from one post

const user = z.object({
  id: z.string(),
  name: z.string().optional().catch(undefined),
  username: z.string().regex(/^\w{1,50}$/).optional().catch(undefined),
  profile_image_url: z.string().optional().catch(undefined),
});

const urlEntity = z.object({
  url: z.string(),
  expanded_url: z.string().optional().catch(undefined),
  unwound_url: z.string().optional().catch(undefined),
  media_key: z.string().optional().catch(undefined),
  title: z.string().optional().catch(undefined),
  description: z.string().optional().catch(undefined),
  images: z.array(z.object({ url: z.string() }).catch({ url: '' })).max(10).optional().catch(undefined),
});
const entities = z
  .object({
    urls: z.array(urlEntity.catch(null as never)).max(MAX_ENTITIES).catch([]),
    mentions: z.array(z.object({ username: z.string().regex(/^\w{1,50}$/) }).catch(null as never)).max(MAX_ENTITIES).catch([]),
    hashtags: z.array(z.object({ tag: z.string().min(1).max(140) }).catch(null as never)).max(MAX_ENTITIES).catch([]),
  })
  .partial()
  .optional()
  .catch(undefined);

const media = z.object({
  media_key: z.string(),
  type: z.string(),
  url: z.string().optional().catch(undefined),
  preview_image_url: z.string().optional().catch(undefined),
  alt_text: z.string().optional().catch(undefined),
  width: z.number().optional().catch(undefined),
  height: z.number().optional().catch(undefined),
});

const includedPost = z.object({ id: z.string().regex(/^\d{1,25}$/), text: z.string(), author_id: z.string().optional().catch(undefined) });

const streamError = z
  .object({
    title: z.string().optional().catch(undefined),
    detail: z.string().optional().catch(undefined),
    type: z.string().optional().catch(undefined),
    disconnect_type: z.string().optional().catch(undefined),
    connection_issue: z.string().optional().catch(undefined),
  })
  .catch({});

const message = z.object({
  data: z
    .object({
      id: z.string().regex(/^\d{1,25}$/),
      text: z.string().min(1),
      author_id: z.string().optional().catch(undefined),
      created_at: z.string().optional().catch(undefined),
      lang: z.string().optional().catch(undefined),
      attachments: z.object({ media_keys: z.array(z.string()).max(10).catch([]) }).partial().optional().catch(undefined),
      entities,
      referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() }).catch(null as never)).max(10).optional().catch(undefined),
      in_reply_to_user_id: z.string().optional().catch(undefined),
      note_tweet: z.object({ text: z.string().min(1), entities }).optional().catch(undefined),
      possibly_sensitive: z.boolean().optional().catch(undefined),
    })
    .optional(),
  includes: z
    .object({ users: z.array(user).catch([]), media: z.array(media.catch(null as never)).max(100).catch([]), tweets: z.array(includedPost.catch(null as never)).max(100).catch([]) })
    .partial()
    .optional()
    .catch(undefined),
  matching_rules: z.array(z.object({ tag: z.string().optional().catch(undefined) }).catch({})).max(MAX_MATCHING_RULES).catch([]),
  errors: z.array(streamError).max(100).optional().catch(undefined),
});

export type XStreamError = z.infer<typeof streamError>;

export type XMessage =
  | { kind: 'post'; post: Post; tags: string[]; errors: XStreamError[] }
  | { kind: 'errors'; errors: XStreamError[] }
  | { kind: 'junk' };

/** Decodes one non-blank stream line. */
export function decodeLine(line: string, now = new Date()): XMessage {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { kind: 'junk' };
  }
  const parsed = message.safeParse(json);
  if (!parsed.success) return { kind: 'junk' };
  const { data, includes, matching_rules: rules = [], errors = [] } = parsed.data;
  if (!data) return errors.length > 0 ? { kind: 'errors', errors } : { kind: 'junk' };

  // Without `includes` (X omits it when a lookup fails) the post still goes out, with a
  // fallback author and X's id-only link.
  const author = includes?.users?.find((u) => u.id === data.author_id);
  const handle = author?.username;
  // A long post's stream text is cut at 280 characters; note_tweet holds all of it
  const text = unescapeText(data.note_tweet?.text ?? data.text);
  const postUrl = handle ? `https://x.com/${handle}/status/${data.id}` : `https://x.com/i/web/status/${data.id}`;
  const post = toPost(
    {
      ...cardExtras(data, includes ?? {}, text, postUrl),
      id: data.id,
      text,
      name: author?.name,
      screen_name: handle,
      user_profile_image: author?.profile_image_url,
      created_at: data.created_at,
      lang: data.lang === 'und' ? null : data.lang,
      url: postUrl,
      profile_url: handle ? `https://x.com/${handle}` : null,
    },
    'x',
    data.id,
    now,
  );
  if (!post) return { kind: 'junk' };
  const tags = [...new Set(rules.flatMap((rule) => (rule.tag ? [rule.tag] : [])))];
  return { kind: 'post', post, tags, errors };
}

type Data = NonNullable<z.infer<typeof message>['data']>;
type Includes = NonNullable<z.infer<typeof message>['includes']>;

/** Media, link card, quote, reply, links and the sensitive flag, as loose extras for toPost to check. */
function cardExtras(data: Data, includes: Includes, text: string, postUrl: string): Record<string, unknown> {
  const users = includes.users ?? [];
  const keys = new Set(data.attachments?.media_keys ?? []);
  const attached = (includes.media ?? []).filter((item) => item && keys.has(item.media_key));
  const photos = attached.filter((item) => item.type === 'photo' && item.url);
  const clip = attached.find((item) => item.type === 'video' || item.type === 'animated_gif');
  const found = entitiesOf(data.note_tweet?.entities ?? data.entities);
  const preview = found.urls.find((entity) => !entity.media_key && entity.title);
  const quoted = data.referenced_tweets?.find((ref) => ref?.type === 'quoted');
  const quotedPost = quoted && includes.tweets?.find((item) => item?.id === quoted.id);
  const quotedAuthor = quotedPost && users.find((u) => u.id === quotedPost.author_id);
  const parent = data.referenced_tweets?.find((ref) => ref?.type === 'replied_to');
  const parentAuthor = data.in_reply_to_user_id ? users.find((u) => u.id === data.in_reply_to_user_id) : undefined;
  return {
    images: photos.map((item) => ({
      thumb: sized(item.url!, 'small'),
      full: sized(item.url!, 'large'),
      alt: item.alt_text ?? '',
      width: item.width,
      height: item.height,
    })),
    video: clip && { poster: clip.preview_image_url ?? null, url: postUrl, alt: clip.alt_text ?? '' },
    card: preview && { url: preview.unwound_url ?? preview.expanded_url, title: preview.title, description: preview.description ?? '', thumb: preview.images?.[0]?.url ?? null },
    quote: quotedPost && {
      name: quotedAuthor?.name ?? null,
      screen_name: quotedAuthor?.username ?? null,
      text: unescapeText(quotedPost.text),
      url: `https://x.com/${quotedAuthor?.username ?? 'i/web'}/status/${quotedPost.id}`,
    },
    replyTo: parent && { screen_name: parentAuthor?.username ?? null, url: `https://x.com/i/web/status/${parent.id}` },
    sensitive: data.possibly_sensitive === true,
    links: textLinks(text, found),
  };
}

function entitiesOf(raw: z.infer<typeof entities>) {
  return { urls: (raw?.urls ?? []).filter(Boolean), mentions: (raw?.mentions ?? []).filter(Boolean), hashtags: (raw?.hashtags ?? []).filter(Boolean) };
}

// X's entity offsets count code points in the escaped text; finding each entity's own
// string in the shown text is simpler and cannot point inside a character.
function textLinks(text: string, found: ReturnType<typeof entitiesOf>): Array<Record<string, unknown>> {
  const wanted = [
    ...found.urls.map((entity) => ({ needle: entity.url, href: entity.expanded_url ?? entity.url, kind: 'link' })),
    ...found.mentions.map(({ username }) => ({ needle: `@${username}`, href: `https://x.com/${username}`, kind: 'mention' })),
    ...found.hashtags.map(({ tag }) => ({ needle: `#${tag}`, href: `https://x.com/hashtag/${encodeURIComponent(tag)}`, kind: 'tag' })),
  ];
  const from = new Map<string, number>(); // where to look for the next use of the same string
  return wanted.flatMap(({ needle, href, kind }) => {
    const start = text.indexOf(needle, from.get(needle) ?? 0);
    if (start < 0) return [];
    from.set(needle, start + needle.length);
    return [{ start, end: start + needle.length, href, kind }];
  });
}

/** X serves a photo in named sizes: `small` for the card, `large` when opened. */
function sized(url: string, name: 'small' | 'large'): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.set('name', name);
    return parsed.href;
  } catch {
    return url;
  }
}

/**
 * X escapes `&`, `<` and `>` in post text. The page renders text with `.text()`, so
 * it must get the characters themselves, or people would read `&amp;`.
 */
export function unescapeText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name as 'amp']);
}
