// What the widget says about itself, in plain words: connecting, live, lost, refused on
// this site, or the server's answer to a term it could not follow.
import type { StreamStatus } from '../../../lib/contract/events.ts';

/** `refused`: the server said this site is not in EMBED_ORIGINS, so the widget stopped trying. */
export type WidgetPhase = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface WidgetState {
  phase: WidgetPhase;
  appHost: string; // the host the widget's live search comes from, as people read it
  upstream: StreamStatus | null; // the shared stream's health, once the server has said it
  termError: string | null; // the server's answer to a term it would not follow
  hasTerm: boolean;
}

/** The sentence under the widget's title; '' when all is well and there is nothing to say. */
export function statusText({ phase, appHost, upstream, termError, hasTerm }: WidgetState): string {
  if (phase === 'refused') return `This site is not allowed to show live searches from ${appHost}.`;
  if (phase === 'connecting') return `Connecting to ${appHost}…`;
  if (phase === 'reconnecting') return `Lost the connection to ${appHost}. Reconnecting…`;
  if (!hasTerm) return 'No search term was given.';
  if (termError) return termError;
  if (upstream && upstream.state !== 'live') return upstream.message ?? 'The live stream is not available right now.';
  return '';
}

/** "1 watching", or '' while the count is unknown (not connected, or no term yet). */
export function watchingText(watchers: number | null): string {
  return watchers === null ? '' : `${watchers} watching`;
}

/** A post's time as hours and minutes in the reader's locale, or '' when the source sent none that parses. */
export function shortTime(iso: string, locale?: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(time);
}
