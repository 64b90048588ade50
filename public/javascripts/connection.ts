// Shows, in words, whether the page is connected and whether the upstream is healthy.
import $ from 'jquery';
import type { StreamStatus } from '../../lib/events.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

const CONNECTION_LABELS: Record<ConnectionState, [text: string, style: string]> = {
  connecting: ['Connecting…', 'text-bg-secondary'],
  connected: ['Connected', 'text-bg-success'],
  reconnecting: ['Reconnecting…', 'text-bg-warning'],
  disconnected: ['Disconnected', 'text-bg-danger'],
};

export function showConnection($badge: JQuery<HTMLElement>, state: ConnectionState): void {
  const [text, style] = CONNECTION_LABELS[state];
  $badge.text(text).attr('class', `badge ${style}`).attr('data-state', state);
}

export function showUpstream($line: JQuery<HTMLElement>, status: StreamStatus, paused: boolean): void {
  const state = paused && status.state === 'live' ? 'paused' : status.state;
  const text =
    state === 'paused' ? 'Paused. Press Start streaming to resume.'
    : state === 'reconnecting' ? `Reconnecting to the stream${status.retryInMs ? ` in ${Math.ceil(status.retryInMs / 1000)} s` : ''}…`
    : state === 'error' ? (status.message ?? 'The stream is unavailable.')
    : '';
  $line.text(text).attr('data-state', state);
}
