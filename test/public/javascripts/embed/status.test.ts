// public/javascripts/embed/status.ts: what the widget says about itself, in plain words.
import { describe, expect, it } from 'vitest';
import { shortTime, statusText, watchingText, type WidgetState } from '../../../../public/javascripts/embed/status.ts';

const LIVE: WidgetState = { phase: 'live', appHost: 'search.example', upstream: { source: 'demo', state: 'live' }, termError: null, hasTerm: true };

describe('statusText', () => {
  it('says nothing when live with a term', () => {
    expect(statusText(LIVE)).toBe('');
  });

  it('names the app when refused, connecting or reconnecting', () => {
    expect(statusText({ ...LIVE, phase: 'refused' })).toBe('This site is not allowed to show live searches from search.example.');
    expect(statusText({ ...LIVE, phase: 'connecting' })).toBe('Connecting to search.example…');
    expect(statusText({ ...LIVE, phase: 'reconnecting' })).toBe('Lost the connection to search.example. Reconnecting…');
  });

  it("gives a missing term, then the server's refusal of a term, then the upstream's trouble", () => {
    expect(statusText({ ...LIVE, hasTerm: false, termError: 'x' })).toBe('No search term was given.');
    expect(statusText({ ...LIVE, termError: 'That term is too long.' })).toBe('That term is too long.');
    expect(statusText({ ...LIVE, upstream: { source: 'bluesky', state: 'reconnecting', message: 'Bluesky dropped.' } })).toBe('Bluesky dropped.');
    expect(statusText({ ...LIVE, upstream: { source: 'bluesky', state: 'error' } })).toBe('The live stream is not available right now.');
  });
});

describe('watchingText', () => {
  it('counts viewers, and is empty while unknown', () => {
    expect(watchingText(1)).toBe('1 watching');
    expect(watchingText(12)).toBe('12 watching');
    expect(watchingText(null)).toBe('');
  });
});

describe('shortTime', () => {
  it("is hours and minutes in the reader's locale, and empty for a time that does not parse", () => {
    expect(shortTime('2026-11-29T09:05:00Z', 'en-GB')).toMatch(/^\d\d:05$/);
    expect(shortTime('yesterday')).toBe('');
  });
});
