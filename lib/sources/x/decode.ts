// Turns one line of the X filtered stream into a safe Post with its matching rule
// tags, or into the in-stream errors it carries. Every field is untrusted.
import { z } from 'zod';
import type { Post } from '../../contract/events.ts';
import { toPost } from '../post.ts';

export const MAX_MATCHING_RULES = 1_000; // X's rule limit: no post can match more

const user = z.object({
  id: z.string(),
  name: z.string().optional().catch(undefined),
  username: z.string().regex(/^\w{1,50}$/).optional().catch(undefined),
  profile_image_url: z.string().optional().catch(undefined),
});

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
    })
    .optional(),
  includes: z.object({ users: z.array(user).catch([]) }).partial().optional().catch(undefined),
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
  const post = toPost(
    {
      id: data.id,
      text: unescapeText(data.text),
      name: author?.name,
      screen_name: handle,
      user_profile_image: author?.profile_image_url,
      created_at: data.created_at,
      lang: data.lang === 'und' ? null : data.lang,
      url: handle ? `https://x.com/${handle}/status/${data.id}` : `https://x.com/i/web/status/${data.id}`,
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

/**
 * X escapes `&`, `<` and `>` in post text. The page renders text with `.text()`, so
 * it must get the characters themselves, or people would read `&amp;`.
 */
export function unescapeText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name as 'amp']);
}
