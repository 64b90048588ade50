// Shows, in words and colour, the one state the page is in: connecting, live, paused,
// reconnecting (with a countdown) or an upstream error.
import type { StreamStatus } from '../../lib/contract/events.ts';

export type PageState = 'connecting' | 'live' | 'paused' | 'reconnecting' | 'error';

export interface StateInputs {
  connected: boolean;
  everConnected: boolean;
  retryAt: number | null; // ms, when the page will next try to reach the server
  upstream: StreamStatus;
  upstreamSince: number; // ms, when that status arrived, for its countdown
  paused: boolean;
}

const BADGES: Record<PageState, [label: string, style: string]> = {
  connecting: ['Connecting…', 'text-bg-secondary'],
  live: ['Live', 'text-bg-success'],
  paused: ['Paused', 'text-bg-info'],
  reconnecting: ['Reconnecting…', 'text-bg-warning'],
  error: ['Stream unavailable', 'text-bg-danger'],
};

export interface StateView {
  state: PageState;
  badge: string;
  style: string;
  detail: string;
}

/** Works out what to show; `now` drives the countdowns. */
export function describeState(inputs: StateInputs, now: number): StateView {
  const { connected, everConnected, retryAt, upstream, upstreamSince, paused } = inputs;
  const view = (state: PageState, detail: string): StateView => ({ state, badge: BADGES[state][0], style: BADGES[state][1], detail });

  if (!connected) {
    if (!everConnected && retryAt === null) return view('connecting', 'Connecting to the server…');
    return view('reconnecting', `Lost the connection to the server. ${countdown(retryAt, now)}`);
  }
  if (upstream.state === 'error') return view('error', upstream.message ?? 'The stream is unavailable right now.');
  if (upstream.state === 'connecting') return view('connecting', upstream.message ?? 'Connecting to the stream…');
  if (upstream.state === 'reconnecting') {
    // No retry time means an immediate reconnect (X after a drop): nothing to count down to
    if (upstream.retryInMs === undefined) return view('reconnecting', upstream.message ?? 'The stream dropped; reconnecting now.');
    return view('reconnecting', `${upstream.message ?? 'The stream dropped.'} ${countdown(upstreamSince + upstream.retryInMs, now)}`);
  }
  if (paused) return view('paused', 'Paused. Press Start streaming to resume.');
  // A live stream may still have news, such as a gap it skipped while it was down
  return view('live', upstream.message ?? '');
}

function countdown(retryAt: number | null, now: number): string {
  if (retryAt === null) return 'Retrying…';
  const seconds = Math.ceil((retryAt - now) / 1000);
  return seconds > 0 ? `Retrying in ${seconds} s.` : 'Retrying now…';
}

/** Keeps the inputs, and renders the badge and its sentence whenever they change or the clock ticks. */
export class StateBadge {
  readonly #badge: HTMLElement;
  readonly #detail: HTMLElement;
  #inputs: StateInputs = {
    connected: false,
    everConnected: false,
    retryAt: null,
    upstream: { source: 'demo', state: 'live' },
    upstreamSince: 0,
    paused: false,
  };

  constructor(badge: HTMLElement, detail: HTMLElement) {
    this.#badge = badge;
    this.#detail = detail;
  }

  update(change: Partial<StateInputs>): void {
    this.#inputs = { ...this.#inputs, ...change };
    if (change.connected) this.#inputs.everConnected = true;
    this.render(Date.now());
  }

  render(now: number): void {
    const view = describeState(this.#inputs, now);
    this.#badge.textContent = view.badge;
    this.#badge.className = `badge ${view.style}`;
    this.#badge.dataset.state = view.state;
    if (this.#detail.textContent !== view.detail) this.#detail.textContent = view.detail;
  }
}
