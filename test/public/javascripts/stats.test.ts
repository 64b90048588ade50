/// <reference lib="dom" />
// "How busy is it": the rate, posts scanned since this search began, and viewers.
import { describe, expect, it } from 'vitest';
import { BusyStats } from '../../../public/javascripts/stats.ts';

const T0 = 1_000_000; // ms, an arbitrary start

/** A stand-in element that counts how often its text is written. */
function element() {
  let text = '';
  const el = {
    writes: 0,
    get textContent() {
      return text;
    },
    set textContent(value: string) {
      el.writes += 1;
      text = value;
    },
  };
  return el;
}

function busyStats() {
  const elements = { rate: element(), scanned: element(), watchers: element() };
  return { elements, stats: new BusyStats(elements as unknown as { rate: HTMLElement; scanned: HTMLElement; watchers: HTMLElement }, T0) };
}

describe('BusyStats', () => {
  it('shows placeholders until there is something to show', () => {
    const { elements, stats } = busyStats();
    stats.render(T0);
    expect([elements.rate.textContent, elements.scanned.textContent, elements.watchers.textContent]).toEqual(['counting…', '0', '–']);
  });

  it('shows the rate per minute once the meter has enough data', () => {
    const { elements, stats } = busyStats();
    for (let s = 0; s < 10; s += 1) stats.meter.add(5, T0 + s * 1000);
    stats.render(T0 + 10_000);
    expect(elements.rate.textContent).toBe('300 per minute');
  });

  it('counts posts scanned since the search began, not since the server started', () => {
    const { elements, stats } = busyStats();
    stats.setScanned(100);
    stats.begin(T0);
    stats.setScanned(150);
    stats.render(T0);
    expect(elements.scanned.textContent).toBe('50');
  });

  it('counts from zero again when the server restarts and its total drops', () => {
    const { elements, stats } = busyStats();
    stats.setScanned(500);
    stats.begin(T0);
    stats.setScanned(20);
    stats.render(T0);
    expect(elements.scanned.textContent).toBe('20');
  });

  it('shows how many people watch the term', () => {
    const { elements, stats } = busyStats();
    stats.setWatchers(3);
    stats.render(T0);
    expect(elements.watchers.textContent).toBe('3');
  });

  it('writes an element only when its text changes, so a screen reader is not re-read', () => {
    const { elements, stats } = busyStats();
    stats.render(T0);
    stats.render(T0 + 1000);
    expect([elements.rate.writes, elements.scanned.writes, elements.watchers.writes]).toEqual([1, 1, 1]);
  });
});
