// What the embeddable widget (<stream-search>, /embed.js) and the iframe page (/embed)
// share with the server: the attribute and query bounds, parsed the same way on both
// sides, and the one message the iframe posts to the page that frames it.
import { MAX_TERM_LENGTH } from './errors.ts';

export const EMBED_THEMES = ['auto', 'light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

export const DEFAULT_EMBED_LIMIT = 5; // posts shown when `limit` is missing or not a number
export const MAX_EMBED_LIMIT = 20; // posts; a widget is a glimpse, the full search shows more

/** The message the iframe posts to its parent whenever its content changes height. */
export const EMBED_HEIGHT_MESSAGE = 'stream-search:height';
export interface EmbedHeightMessage {
  type: typeof EMBED_HEIGHT_MESSAGE;
  height: number; // CSS px, a whole number
}

export interface EmbedOptions {
  term: string; // trimmed and cut to MAX_TERM_LENGTH; '' follows nothing
  lang: string | null;
  limit: number; // 1 to MAX_EMBED_LIMIT
  theme: EmbedTheme;
}

/** Reads the attributes (or query parameters) as given; anything malformed falls back to its default. */
export function parseEmbedOptions(raw: { term?: unknown; lang?: unknown; limit?: unknown; theme?: unknown }): EmbedOptions {
  const term = typeof raw.term === 'string' ? raw.term.trim().slice(0, MAX_TERM_LENGTH) : '';
  const lang = typeof raw.lang === 'string' && raw.lang.trim() !== '' ? raw.lang.trim().slice(0, 35) : null; // 35: the longest BCP 47 tag
  const theme = EMBED_THEMES.find((name) => name === raw.theme) ?? 'auto';
  return { term, lang, limit: parseLimit(raw.limit), theme };
}

function parseLimit(raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,6}$/.test(text)) return DEFAULT_EMBED_LIMIT;
  return Math.min(MAX_EMBED_LIMIT, Math.max(1, Number(text)));
}

/** The full search page for these options, on the app at `origin`. */
export function fullSearchUrl(origin: string, { term, lang }: Pick<EmbedOptions, 'term' | 'lang'>): string {
  const url = new URL('/', origin);
  if (term !== '') url.searchParams.set('q', term);
  if (term !== '' && lang) url.searchParams.set('lang', lang);
  return url.href;
}

/** Whether a `message` event's data is a height message (the host still checks event.origin). */
export function isEmbedHeightMessage(data: unknown): data is EmbedHeightMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, height } = data as Record<string, unknown>;
  return type === EMBED_HEIGHT_MESSAGE && typeof height === 'number' && Number.isFinite(height) && height >= 0;
}
