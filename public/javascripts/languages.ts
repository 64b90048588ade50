// The language filter's choices: common BCP 47 primary subtags, as authors tag their posts.

export const LANGUAGES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['pt', 'Portuguese'],
  ['fr', 'French'],
  ['de', 'German'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
  ['ja', 'Japanese'],
  ['ko', 'Korean'],
  ['zh', 'Chinese'],
  ['ar', 'Arabic'],
  ['hi', 'Hindi'],
  ['tr', 'Turkish'],
  ['ru', 'Russian'],
  ['uk', 'Ukrainian'],
  ['pl', 'Polish'],
  ['id', 'Indonesian'],
];

/** A code from the list, or null for "any language". */
export function knownLanguage(code: string | null | undefined): string | null {
  const lower = (code ?? '').toLowerCase();
  return LANGUAGES.some(([known]) => known === lower) ? lower : null;
}
