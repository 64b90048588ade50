/// <reference lib="dom" />
// The one state the page shows, worked out from the connection, the upstream and a pause.
import { describe, expect, it } from 'vitest';
import { describeState, type StateInputs } from '../../../public/javascripts/connection.ts';

const NOW = 1_000_000; // ms
const base: StateInputs = {
  connected: true,
  everConnected: true,
  retryAt: null,
  upstream: { source: 'demo', state: 'live' },
  upstreamSince: NOW,
  paused: false,
};

describe('describeState', () => {
  it('is connecting before the first connection', () => {
    expect(describeState({ ...base, connected: false, everConnected: false }, NOW)).toMatchObject({ state: 'connecting', badge: 'Connecting…' });
  });

  it('counts down to the next try after losing the server', () => {
    const view = describeState({ ...base, connected: false, retryAt: NOW + 2500 }, NOW);
    expect(view).toMatchObject({ state: 'reconnecting', detail: 'Lost the connection to the server. Retrying in 3 s.' });
    expect(describeState({ ...base, connected: false, retryAt: NOW + 2500 }, NOW + 3000).detail).toMatch(/Retrying now…$/);
  });

  it('counts down with the upstream retry, from when that status arrived', () => {
    const upstream = { source: 'demo', state: 'reconnecting', message: 'The stream dropped.', retryInMs: 5000 } as const;
    expect(describeState({ ...base, upstream }, NOW + 1000).detail).toBe('The stream dropped. Retrying in 4 s.');
  });

  it('says the stream is connecting, with no countdown, before its first connection', () => {
    const upstream = { source: 'bluesky', state: 'connecting', message: 'Connecting to the stream…' } as const;
    expect(describeState({ ...base, upstream }, NOW)).toMatchObject({ state: 'connecting', detail: 'Connecting to the stream…' });
  });

  it('shows an upstream error with its sentence, over a pause', () => {
    const upstream = { source: 'demo', state: 'error', message: 'The stream is unavailable right now.' } as const;
    expect(describeState({ ...base, upstream, paused: true }, NOW)).toMatchObject({ state: 'error', detail: upstream.message });
  });

  it('is paused or live otherwise', () => {
    expect(describeState({ ...base, paused: true }, NOW).state).toBe('paused');
    expect(describeState(base, NOW)).toMatchObject({ state: 'live', detail: '' });
  });

  it('passes on what a live stream says, such as a skipped gap', () => {
    const message = 'The Bluesky stream was down for 3 days; posts older than 10 minutes were skipped.';
    const upstream = { source: 'bluesky', state: 'live', message } as const;
    expect(describeState({ ...base, upstream }, NOW)).toMatchObject({ state: 'live', detail: message });
  });
});
