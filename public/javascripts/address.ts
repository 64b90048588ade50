// The address bar follows the search: `/?q=cats&lang=en` opens with that search running,
// and each new search is a history entry, so back and forward move between searches.

export interface SearchState {
  q: string;
  lang: string | null;
}

export function readAddress(location: Location = window.location): SearchState | null {
  const params = new URLSearchParams(location.search);
  const q = params.get('q')?.trim() ?? '';
  if (q === '') return null;
  return { q, lang: params.get('lang') || null };
}

export function addressFor(search: SearchState | null): string {
  if (!search) return window.location.pathname;
  const params = new URLSearchParams({ q: search.q });
  if (search.lang) params.set('lang', search.lang);
  return `${window.location.pathname}?${params}`;
}

/** Records a search; the same address twice in a row is one entry, not two. */
export function recordSearch(search: SearchState): void {
  const url = addressFor(search);
  if (url === window.location.pathname + window.location.search) return;
  window.history.pushState(search, '', url);
}
