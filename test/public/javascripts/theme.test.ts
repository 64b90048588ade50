/// <reference lib="dom" />
// Dark mode follows the system, now and whenever the system changes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followSystemTheme } from '../../../public/javascripts/theme.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A system colour scheme the test can flip, seen through window.matchMedia. */
function system(dark: boolean) {
  const listeners: Array<() => void> = [];
  const query = { matches: dark, addEventListener: (_type: string, fn: () => void) => listeners.push(fn) };
  const asked: string[] = [];
  vi.stubGlobal('window', { matchMedia: (media: string) => (asked.push(media), query) });
  const flip = (next: boolean) => {
    query.matches = next;
    for (const fn of listeners) fn();
  };
  return { flip, asked };
}

function root() {
  const attributes = new Map<string, string>();
  return { attributes, element: { setAttribute: (name: string, value: string) => attributes.set(name, value) } as unknown as HTMLElement };
}

describe('followSystemTheme', () => {
  it('sets data-bs-theme from prefers-color-scheme at once', () => {
    const { asked } = system(true);
    const { attributes, element } = root();
    followSystemTheme(element);
    expect(asked).toEqual(['(prefers-color-scheme: dark)']);
    expect(attributes.get('data-bs-theme')).toBe('dark');
  });

  it('follows the system when it changes', () => {
    const { flip } = system(false);
    const { attributes, element } = root();
    followSystemTheme(element);
    expect(attributes.get('data-bs-theme')).toBe('light');
    flip(true);
    expect(attributes.get('data-bs-theme')).toBe('dark');
    flip(false);
    expect(attributes.get('data-bs-theme')).toBe('light');
  });
});
