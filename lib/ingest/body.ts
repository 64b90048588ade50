// Reads a push body into its items, each a value to check as a post or the reason its
// NDJSON line could not be read. A body that cannot be read at all is one error sentence.

export const MAX_BODY_BYTES = 1_048_576; // 1 MB; past it, 413 before the rest is read
export const MAX_POSTS_PER_BODY = 500; // posts in one body, whether an array or NDJSON lines

export type BodyKind = 'json' | 'ndjson';
/** One post's raw value, or why its line is not JSON. */
export type BodyItem = { value: unknown } | { error: string };
export type ReadBody = { ok: true; items: BodyItem[] } | { ok: false; status: 400 | 413; error: string };

export const BODY_ERRORS = {
  notUtf8: 'The body is not valid UTF-8.',
  notJson: 'The body is not valid JSON.',
  notPosts: 'The body must be one post (a JSON object) or a JSON array of posts.',
  empty: 'The body holds no posts.',
  badLine: 'This line is not valid JSON.',
  tooMany: (count: number) => `A body holds at most ${MAX_POSTS_PER_BODY} posts; this one holds ${count}. Send them in smaller bodies.`,
} as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body is one object or an array of them; NDJSON is one post per line, where blank
 * lines are skipped and a line that is not JSON is rejected alone. An item's index is its
 * place among the posts: the array position, or the count of non-blank lines before it.
 */
export function readBody(bytes: Uint8Array, kind: BodyKind): ReadBody {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, status: 400, error: BODY_ERRORS.notUtf8 };
  }
  const items = kind === 'json' ? jsonItems(text) : ndjsonItems(text);
  if (!Array.isArray(items)) return items;
  if (items.length === 0) return { ok: false, status: 400, error: BODY_ERRORS.empty };
  if (items.length > MAX_POSTS_PER_BODY) return { ok: false, status: 413, error: BODY_ERRORS.tooMany(items.length) };
  return { ok: true, items };
}

function jsonItems(text: string): BodyItem[] | ReadBody {
  const parsed = parse(text);
  if (parsed === NOT_JSON) return { ok: false, status: 400, error: BODY_ERRORS.notJson };
  if (Array.isArray(parsed)) return parsed.map((value) => ({ value }));
  if (typeof parsed === 'object' && parsed !== null) return [{ value: parsed }];
  return { ok: false, status: 400, error: BODY_ERRORS.notPosts };
}

function ndjsonItems(text: string): BodyItem[] {
  const items: BodyItem[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value = parse(line);
    items.push(value === NOT_JSON ? { error: BODY_ERRORS.badLine } : { value });
  }
  return items;
}

const NOT_JSON = Symbol('not JSON');

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
