// Which other sites may embed the live search (EMBED_ORIGINS): the widget's socket
// handshake is checked against this list as well as ALLOWED_ORIGINS, and the iframe
// page /embed names it in `frame-ancestors`. Unset means no other site may embed.
import { canonicalOrigin, parseOrigins } from './origins.ts';

/** Every origin (`*`), or the canonical origins listed. */
export type EmbedOrigins = '*' | readonly string[];

/** EMBED_ORIGINS parsed: `*`, comma-separated origins, or null when an entry is not a bare origin. */
export function parseEmbedOrigins(list: string | undefined): EmbedOrigins | null {
  if (list === undefined || list.trim() === '') return [];
  if (list.trim() === '*') return '*';
  return parseOrigins(list);
}

/** Whether a page at `origin` (an Origin header as sent) may embed the widget. */
export function allowsEmbed(embedOrigins: EmbedOrigins, origin: string | undefined): boolean {
  const canonical = origin === undefined ? null : canonicalOrigin(origin);
  if (canonical === null) return false; // `null` (a sandboxed frame, a file: page) is no site
  return embedOrigins === '*' || embedOrigins.includes(canonical);
}

/**
 * The `frame-ancestors` sources for /embed: this app itself (its demo page frames it) and
 * the embed origins. CSP has no syntax for IPv6 literals, so those are left out.
 */
export function frameAncestors(embedOrigins: EmbedOrigins): string[] {
  if (embedOrigins === '*') return ['*'];
  return ["'self'", ...embedOrigins.filter((origin) => !origin.includes('['))];
}
