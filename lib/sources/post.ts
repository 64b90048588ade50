// Turns loosely shaped input (a replay line, a pushed post, a test fixture) into a safe `Post`:
// the one schema of a post from outside, shared by the replay file and POST /api/posts.
// Only `text` is required; everything else gets a harmless default, and what the
// post shows besides its text is checked in post-extras.ts.
import { z } from 'zod';
import { ALL_AVATAR_HOSTS, LINK_HOSTS, allowedUrl } from '../contract/allowed-hosts.ts';
import type { Post, PostSource } from '../contract/events.ts';
import { parseUrl, toExtras } from './post-extras.ts';

export const MAX_POST_TEXT = 2_000; // characters kept from one post
export const MAX_FIELD = 200; // characters kept from a name, handle or id
export const DEFAULT_AVATAR = '/avatars/default.svg';

const shortText = z.string().transform((s) => s.slice(0, MAX_FIELD));

const looseShape = z.object({
  text: z.string().min(1).transform((s) => s.slice(0, MAX_POST_TEXT)),
  id: z.union([shortText, z.number().transform(String)]).optional().catch(undefined),
  name: shortText.optional().catch(undefined),
  screen_name: shortText.optional().catch(undefined),
  user_profile_image: z.string().optional().catch(undefined),
  created_at: z.string().optional().catch(undefined),
  lang: z.string().nullable().optional().catch(undefined),
  url: z.string().nullable().optional().catch(undefined),
  profile_url: z.string().nullable().optional().catch(undefined),
});

// Why a value is not a post, in a sentence for whoever sent it
export const POST_PROBLEMS = {
  notObject: 'A post must be a JSON object.',
  noText: 'A post needs "text": a string of at least one character.',
} as const;

/** A post from untrusted data, or null when it has no usable text. */
export function toPost(raw: unknown, source: PostSource, fallbackId: string, now = new Date()): Post | null {
  const checked = checkPost(raw, source, fallbackId, now);
  return 'post' in checked ? checked.post : null;
}

/** The same, with the reason (from POST_PROBLEMS) when `raw` is not a post. */
export function checkPost(raw: unknown, source: PostSource, fallbackId: string, now = new Date()): { post: Post } | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: POST_PROBLEMS.notObject };
  const parsed = looseShape.safeParse(raw);
  if (!parsed.success) return { error: POST_PROBLEMS.noText };
  return { post: fromShape(parsed.data, raw, source, fallbackId, now) };
}

function fromShape(p: z.infer<typeof looseShape>, raw: unknown, source: PostSource, fallbackId: string, now: Date): Post {
  return {
    id: p.id || fallbackId,
    name: p.name || p.screen_name || 'Unknown',
    screen_name: p.screen_name || 'unknown',
    text: p.text,
    user_profile_image: safeImage(p.user_profile_image),
    created_at: validDate(p.created_at) ?? now.toISOString(),
    lang: p.lang && /^[a-z]{2,3}(-[a-z0-9]+)*$/i.test(p.lang) ? p.lang : null,
    url: safeLink(p.url),
    profile_url: safeLink(p.profile_url),
    source,
    ...toExtras(raw, p.text),
  };
}

/** Links must be https to a known network (lib/contract/allowed-hosts.ts); anything else is dropped. */
export function safeLink(url: string | null | undefined): string | null {
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, LINK_HOSTS) ? parsed.href : null;
}

/** Avatars are our own local files or https images on a known CDN; anything else is the placeholder. */
export function safeImage(url: string | null | undefined): string {
  if (url && /^\/avatars\/[\w-]+\.svg$/.test(url)) return url;
  const parsed = parseUrl(url);
  return parsed && allowedUrl(parsed, ALL_AVATAR_HOSTS) ? parsed.href : DEFAULT_AVATAR;
}

function validDate(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
