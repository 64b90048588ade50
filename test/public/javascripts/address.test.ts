/// <reference lib="dom" />
// The address bar follows the search: read a deep link, build the address of a search,
// and record each new search once in the history.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addressFor, readAddress, recordSearch } from '../../../public/javascripts/address.ts';

/** A window with just the location and history the module reads. */
function stubWindow(pathname: string, search = '') {
  const pushed: Array<[unknown, string]> = [];
  const location = { pathname, search };
  vi.stubGlobal('window', {
    location,
    history: {
      pushState(state: unknown, _title: string, url: string) {
        pushed.push([state, url]);
        [location.pathname, location.search] = [url.split('?')[0]!, url.includes('?') ? `?${url.split('?')[1]}` : ''];
      },
    },
  });
  return pushed;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const at = (search: string) => ({ search }) as Location;

describe('readAddress', () => {
  it('reads the term and language of a deep link', () => {
    expect(readAddress(at('?q=cats&lang=en'))).toEqual({ q: 'cats', lang: 'en' });
  });

  it('trims the term, and reads a missing or empty language as any', () => {
    expect(readAddress(at('?q=%20red%20car%20'))).toEqual({ q: 'red car', lang: null });
    expect(readAddress(at('?q=cats&lang='))).toEqual({ q: 'cats', lang: null });
  });

  it.each(['', '?lang=en', '?q=', '?q=%20%20'])('is null when %j names no term', (search) => {
    expect(readAddress(at(search))).toBeNull();
  });
});

describe('addressFor', () => {
  it('puts the term and language in the query string of the current path', () => {
    stubWindow('/');
    expect(addressFor({ q: 'red car, cats', lang: 'en' })).toBe('/?q=red+car%2C+cats&lang=en');
    expect(addressFor({ q: 'cats', lang: null })).toBe('/?q=cats');
  });

  it('is the bare path for no search', () => {
    stubWindow('/');
    expect(addressFor(null)).toBe('/');
  });

  it('round-trips through readAddress', () => {
    stubWindow('/');
    const search = { q: '#cats -dogs & more', lang: 'pt' };
    const url = new URL(addressFor(search), 'http://localhost');
    expect(readAddress(at(url.search))).toEqual(search);
  });
});

describe('recordSearch', () => {
  it('adds a history entry for a new search, and none for the same one again', () => {
    const pushed = stubWindow('/');
    recordSearch({ q: 'cats', lang: null });
    recordSearch({ q: 'cats', lang: null });
    recordSearch({ q: 'dogs', lang: 'en' });
    expect(pushed).toEqual([
      [{ q: 'cats', lang: null }, '/?q=cats'],
      [{ q: 'dogs', lang: 'en' }, '/?q=dogs&lang=en'],
    ]);
  });
});
