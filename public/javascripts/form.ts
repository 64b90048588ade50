// The search form: reads what the person asked for and shows a search (from a deep
// link or the history) back in it.
import $ from 'jquery';
import type { SearchState } from './address.ts';
import { knownLanguage, LANGUAGES } from './languages.ts';

export function fillLanguages($lang: JQuery<HTMLElement>): void {
  for (const [code, name] of LANGUAGES) $lang.append($('<option>').val(code).text(`${name} (${code})`));
}

export function readSearch($term: JQuery<HTMLElement>, $lang: JQuery<HTMLElement>): SearchState {
  return { q: String($term.val() ?? ''), lang: String($lang.val() ?? '') || null };
}

export function showSearch($term: JQuery<HTMLElement>, $lang: JQuery<HTMLElement>, search: SearchState | null): void {
  $term.val(search?.q ?? '');
  const lang = search?.lang ? (knownLanguage(search.lang) ?? search.lang) : '';
  // A deep link may name a language the list lacks; show it rather than pretend "any"
  if (lang && !$lang.find('option').toArray().some((option) => (option as HTMLOptionElement).value === lang)) {
    $lang.append($('<option>').val(lang).text(lang));
  }
  $lang.val(lang);
}
