// Turns loosely shaped input (a replay line, a test fixture) into a safe `Post`.
// Only `text` is required; everything else gets a harmless default.
import { z } from 'zod';
import type { Post, SourceName } from './events.ts';

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

/** A post from untrusted data, or null when it has no usable text. */
export function toPost(raw: unknown, source: SourceName, fallbackId: string, now = new Date()): Post | null {
  const parsed = looseShape.safeParse(raw);
  if (!parsed.success) return null;
  const p = parsed.data;
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
  };
}

/** Links must be http(s); anything else (javascript:, data:) is dropped. */
export function safeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Avatars are https images or our own local files; anything else is the placeholder. */
export function safeImage(url: string | null | undefined): string {
  if (url && /^\/avatars\/[\w-]+\.svg$/.test(url)) return url;
  const link = safeLink(url);
  return link?.startsWith('https:') ? link : DEFAULT_AVATAR;
}

function validDate(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
