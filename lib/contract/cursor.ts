// A post's `cursor`: an opaque string that orders posts within the running stream. It has
// the shape of a Redis Stream entry id, `<ms>-<seq>` (two whole numbers, no leading zeros),
// so that a cluster can use the entry id of each post as its cursor. The one parser and
// the one comparison live here, shared by the server, the page and the tests.

// Each part is a whole number below 2^64, as in Redis: at most 20 digits, no leading zeros.
const CURSOR = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;

/** Whether `value` is a well-formed cursor. */
export function isCursor(value: unknown): value is string {
  return typeof value === 'string' && CURSOR.test(value);
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; both must be well formed. */
export function compareCursors(a: string, b: string): number {
  const dashA = a.indexOf('-');
  const dashB = b.indexOf('-');
  return compareWhole(a.slice(0, dashA), b.slice(0, dashB)) || compareWhole(a.slice(dashA + 1), b.slice(dashB + 1));
}

/** The later of two cursors, either of which may be missing. */
export function laterCursor(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareCursors(a, b) >= 0 ? a : b;
}

// Digit strings without leading zeros: the longer one is larger, and equal lengths compare
// as text. Exact for every size, where Number would round past 2^53.
function compareWhole(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
